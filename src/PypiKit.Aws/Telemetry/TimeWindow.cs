using System.Globalization;
using System.Text.RegularExpressions;

namespace PypiKit.Telemetry;

/// <summary>A [From, To) window parsed from user text such as <c>--since 1h</c> or ISO-8601 timestamps.</summary>
public sealed record TimeWindow(DateTimeOffset From, DateTimeOffset To)
{
    private static readonly Regex Relative = new(@"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d|w)\s*$", RegexOptions.IgnoreCase | RegexOptions.Compiled);

    /// <summary>
    /// <paramref name="since"/>: a duration back from <paramref name="until"/> (<c>90s</c>, <c>30m</c>, <c>1h</c>, <c>2d</c>,
    /// <c>1w</c>) or an ISO-8601 timestamp. <paramref name="until"/>: <c>now</c>/null or an ISO-8601 timestamp.
    /// </summary>
    public static TimeWindow Parse(string since, string? until, DateTimeOffset now)
    {
        var to = string.IsNullOrWhiteSpace(until) || until.Equals("now", StringComparison.OrdinalIgnoreCase) ? now : Absolute(until, "until");
        var from = TryDuration(since, out var d) ? to - d : Absolute(since, "since");
        if (from >= to) throw new InvalidInputException("since", $"--since '{since}' is not before --until ({to:u}).");
        return new TimeWindow(from, to);
    }

    public static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var m = Relative.Match(text);
        if (!m.Success) return false;
        var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        duration = m.Groups[2].Value.ToLowerInvariant() switch
        {
            "s" or "sec" => TimeSpan.FromSeconds(n),
            "m" or "min" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            _ => TimeSpan.FromDays(7 * n),
        };
        return duration > TimeSpan.Zero;
    }

    private static DateTimeOffset Absolute(string text, string field) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new InvalidInputException(field, $"--{field} '{text}' is neither a duration (30m, 1h, 2d) nor an ISO-8601 time (2026-11-21T10:00:00Z).");
}
