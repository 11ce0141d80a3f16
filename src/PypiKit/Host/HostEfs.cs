using PypiKit.Series;
using PypiKit.Sizing;
using PypiKit.Units;

namespace PypiKit.Host;

/// <summary>
/// What the watched processes' I/O would have cost a bursting EFS file system: the one simulation both the "efs"
/// verdict (<see cref="HostVerdicts"/>) and the lab's credit chart draw from.
/// </summary>
public static class HostEfs
{
    /// <summary>
    /// Simulates a bursting EFS file system of <paramref name="storage"/> serving the summed read and write rates of
    /// all watched processes whose I/O was readable (reads metered at one third, <see cref="EfsCreditModel.Simulate"/>).
    /// A tick's rate is measured over the interval ending at its time while the simulation holds it over the next one:
    /// a one-tick shift that keeps the metered bytes when the ticks are evenly spaced. Null when no I/O was sampled.
    /// </summary>
    public static EfsCreditSimulation? Simulate(HostSamplingResult run, Bytes storage, Bytes? startingCredits = null)
    {
        var readable = run.Processes.Where(p => p.IoSource != IoSource.Unavailable).ToArray();
        var reads = Sum("instance reads", readable.Select(p => p.Read));
        var writes = Sum("instance writes", readable.Select(p => p.Write));
        if (reads.IsEmpty && writes.IsEmpty) return null;
        return EfsCreditModel.Simulate(new EfsSimulationInputs
        {
            Storage = storage,
            Reads = reads.IsEmpty ? null : reads,
            Writes = writes.IsEmpty ? null : writes,
            StartingCredits = startingCredits,
        });
    }

    /// <summary>Point-wise sum of series sampled at the same tick times.</summary>
    public static TimeSeries Sum(string name, IEnumerable<TimeSeries> series) =>
        new(name, "Bytes/Second", series.SelectMany(s => s.Points).GroupBy(p => p.Time)
            .Select(g => new TimePoint(g.Key, g.Sum(p => p.Value))).OrderBy(p => p.Time).ToArray());
}
