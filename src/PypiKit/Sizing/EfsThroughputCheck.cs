using PypiKit.Units;

namespace PypiKit.Sizing;

/// <summary>
/// Whether a steady EFS demand fits bursting mode: above the baseline it spends credits, above the burst rate it is
/// capped even with credits. Pure; the rates come from <see cref="EfsCreditModel"/>.
/// </summary>
public static class EfsThroughputCheck
{
    /// <summary>Decimal gigabytes a steady rate moves in a billing month (<see cref="EfsCreditModel.HoursPerMonth"/> hours), as AWS bills elastic throughput.</summary>
    public static double GbPerMonth(BytesPerSecond rate) => rate.Value * EfsCreditModel.HoursPerMonth * 3600 / 1e9;

    /// <summary>The warnings for a steady <paramref name="metered"/> demand on <paramref name="storage"/> in bursting mode.</summary>
    public static IReadOnlyList<SizingWarning> Warnings(Bytes storage, BytesPerSecond metered, Bytes credits)
    {
        var baseline = EfsCreditModel.Baseline(storage);
        var burst = EfsCreditModel.BurstRate(storage);
        int needed = (int)Math.Ceiling(metered.MebibytesPerSecond);
        string provisioned = FormattableString.Invariant($"pypikit size efs --storage-gb {storage.Gibibytes:0.##} --provisioned-mibps {needed}");
        if (metered.Value > burst.Value)
            return [new SizingWarning(SizingWarning.EfsThroughput,
                $"metered demand {metered} exceeds the bursting burst rate {burst} for {storage.Gibibytes:0.##} GiB stored: bursting mode caps it " +
                $"there even with credits, and at the {baseline} baseline once they are spent; use elastic mode, or provisioned at {needed} MiB/s",
                provisioned)];
        if (metered.Value > baseline.Value && EfsCreditModel.TimeToDepletion(storage, metered, credits) is { } ttd)
            return [new SizingWarning(SizingWarning.EfsThroughput,
                $"metered demand {metered} exceeds the {baseline} baseline: the credits last {Hours(ttd)}, then throughput falls to the baseline; " +
                $"elastic or provisioned mode (at {needed} MiB/s) keeps it", provisioned)];
        return [];
    }

    private static string Hours(TimeSpan t) => t.TotalHours >= 48 ? $"{t.TotalDays:0.#} days" : t.TotalHours >= 2 ? $"{t.TotalHours:0.#} h" : $"{t.TotalMinutes:0} min";
}
