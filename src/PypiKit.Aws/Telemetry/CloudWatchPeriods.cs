namespace PypiKit.Telemetry;

/// <summary>
/// The periods CloudWatch accepts and keeps. A period is 1, 5, 10, 20 or 30 s (high-resolution metrics) or a multiple
/// of 60 s. CloudWatch keeps sub-minute data for 3 hours, 1-minute data for 15 days, 5-minute data for 63 days and
/// 1-hour data for 455 days, so a window that starts further back needs a coarser period.
/// </summary>
public static class CloudWatchPeriods
{
    private static readonly int[] HighResolution = [1, 5, 10, 20, 30];

    /// <summary>Retention steps: data older than the age exists only at the period (and coarser).</summary>
    private static readonly (TimeSpan OlderThan, int MinimumSeconds)[] Retention =
    [
        (TimeSpan.FromDays(63), 3600),
        (TimeSpan.FromDays(15), 300),
        (TimeSpan.FromHours(3), 60),
    ];

    /// <summary>True when CloudWatch accepts <paramref name="seconds"/> as a period.</summary>
    public static bool IsValid(int seconds) => HighResolution.Contains(seconds) || (seconds > 0 && seconds % 60 == 0);

    /// <summary>Throws, naming <paramref name="input"/>, when CloudWatch would reject the period.</summary>
    public static int Validate(int seconds, string input = "--period") =>
        IsValid(seconds) ? seconds
            : throw new InvalidInputException(input, $"{input} {seconds} is not a CloudWatch period: use 1, 5, 10, 20, 30 or a multiple of 60 seconds.");

    /// <summary>The finest period CloudWatch still holds for data that starts at <paramref name="from"/>, seen at <paramref name="now"/>.</summary>
    public static int MinimumFor(DateTimeOffset from, DateTimeOffset now)
    {
        var age = now - from;
        foreach (var (olderThan, minimum) in Retention)
            if (age > olderThan) return minimum;
        return 1;
    }

    /// <summary>
    /// <paramref name="requested"/> raised to what retention allows for a window starting at <paramref name="from"/>: the
    /// smallest multiple of the minimum that is at least the request (so 120 s over a 20-day-old window becomes 300 s).
    /// </summary>
    public static int Effective(int requested, DateTimeOffset from, DateTimeOffset now)
    {
        var minimum = MinimumFor(from, now);
        if (requested % minimum == 0 && requested >= minimum) return requested;
        return (int)Math.Ceiling(requested / (double)minimum) * minimum;
    }
}
