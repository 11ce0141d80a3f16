using Plotly.NET;
using PypiKit.Charts;
using PypiKit.Series;
using PypiKit.Sizing;
using PypiKit.Sizing.Reports;
using PypiKit.Telemetry.Alarms;
using PypiKit.Units;

namespace PypiKit.Incidents.Reports;

/// <summary>
/// An incident's credit charts, drawn by the sizing charts (<see cref="EfsCharts"/>, <see cref="SizingCharts"/>, the
/// ones notebook 02 uses) from the CloudWatch series in the capture, next to the lines PypiKit's own credit models give:
/// <list type="bullet">
/// <item><see cref="EfsBurstCredits"/>: BurstCreditBalance with the credit ceiling (<see cref="EfsCreditModel.MaxCredits"/>),
/// the low-credit alarm (<see cref="AlarmThresholds.EfsBurstCreditLowBytes"/>) and the fastest fall the model allows
/// from the first reading: the burst rate less the baseline (<see cref="EfsCreditModel.BurstRate"/>,
/// <see cref="EfsCreditModel.Baseline"/>) — a measured balance can only lie above that line — and, when the capture has
/// MeteredIOBytes, the balance the model projects from that throughput;</item>
/// <item><see cref="CpuCredits"/>: per instance, CPUCreditBalance beside <see cref="CpuCreditModel.Simulate"/> over the
/// same CPUUtilization (starting from the first reading), with the maximum bank and the baseline of the instance type
/// from the <see cref="InstanceCatalog"/>.</item>
/// </list>
/// </summary>
public static class CreditCharts
{
    /// <summary>
    /// The EFS burst-credit chart, or null without a BurstCreditBalance series. <paramref name="storage"/> (data in EFS
    /// Standard) sets the ceiling and the baseline; unknown (null), the file system is taken as under 1 TiB, where the
    /// ceiling is the 2.1 TiB of a new file system and the baseline (50 KiB/s per GiB) is left out of the fall.
    /// </summary>
    public static GenericChart? EfsBurstCredits(Timeline timeline, Bytes? storage = null)
    {
        var measured = timeline.Find("BurstCreditBalance");
        if (measured is null) return null;
        var size = storage ?? new Bytes(0);
        var ceiling = EfsCreditModel.MaxCredits(size);
        var burst = EfsCreditModel.BurstRate(size);
        var baseline = EfsCreditModel.Baseline(size);
        var (first, last) = (measured.Points[0], measured.Points[^1]);
        var fallPerSecond = burst - baseline;
        var fall = new TimeSeries("fastest fall", measured.Unit,
            [first, new TimePoint(last.Time, Math.Max(0, first.Value - fallPerSecond.Over(last.Time - first.Time).Value))]);
        var ceilingLine = new TimeSeries("ceiling", measured.Unit, [new TimePoint(first.Time, ceiling.Value), new TimePoint(last.Time, ceiling.Value)]);
        string fallName = storage is null
            ? $"fastest fall (credit model): burst {burst}, baseline left out (size unknown)"
            : $"fastest fall (credit model): burst {burst} − baseline {baseline}";
        var projection = Projection(timeline, size, first);
        return EfsCharts.BurstCreditBalance(measured, projection?.Balance, AlarmThresholds.EfsBurstCreditLowBytes, projection?.DepletedAt,
        [
            (ceilingLine, $"credit ceiling {ceiling} (credit model{(storage is null ? ", under 1 TiB stored" : "")})", ChartColors.Purple),
            (fall, fallName, ChartColors.Orange),
        ]);
    }

    /// <summary>
    /// The balance <see cref="EfsCreditModel.Simulate"/> steps from the first reading over the capture's MeteredIOBytes
    /// (Sum per period, as a rate); null without it. MeteredIOBytes is already metered (reads counted at a third), so
    /// it enters the model as writes, which count in full.
    /// </summary>
    private static EfsCreditSimulation? Projection(Timeline timeline, Bytes storage, TimePoint first)
    {
        var metered = timeline.Find("MeteredIOBytes.Sum", "MeteredIOBytes");
        if (metered is null || metered.Points.Count < 2) return null;
        return EfsCreditModel.Simulate(new EfsSimulationInputs { Storage = storage, Writes = EfsThroughputFigures.PerSecond(metered), StartingCredits = new Bytes(first.Value) });
    }

    /// <summary>
    /// One CPU-credit chart per host with a CPUCreditBalance and a CPUUtilization series whose instance type is a
    /// T-family type of <paramref name="catalog"/> (default: PypiKit's catalogue); hosts without them get none.
    /// </summary>
    public static IReadOnlyList<GenericChart> CpuCredits(IncidentData data, InstanceCatalog? catalog = null)
    {
        catalog ??= InstanceCatalog.Default;
        var charts = new List<GenericChart>();
        var hosts = data.Hosts.Count > 0 ? data.Hosts.Select(h => (h.Name, View: data.ForHost(h.Name))) : [("", data)];
        foreach (var (name, view) in hosts)
        {
            var balance = view.Timeline.Find("CPUCreditBalance");
            var cpu = view.Timeline.Find("CPUUtilization");
            if (balance is null || cpu is null || view.Host.InstanceType is not { } typeName) continue;
            if (!catalog.TryGet(typeName, out var type) || !type.Burstable || type.CpuCreditsPerHour is null) continue;
            var sim = CpuCreditModel.Simulate(type, cpu, startingBalance: balance.Points[0].Value);
            var measuredName = data.Hosts.Count > 1 ? $"CPUCreditBalance measured, {name} (left)" : "CPUCreditBalance measured (left)";
            charts.Add(SizingCharts.CpuCreditBalance(sim, null, balance, measuredName));
        }
        return charts;
    }

    /// <summary>Every credit chart the incident has data for: EFS first, then each instance's CPU credits.</summary>
    public static IReadOnlyList<GenericChart> ForIncident(IncidentData data) =>
        [.. EfsBurstCredits(data.Timeline) is { } efs ? [efs] : Array.Empty<GenericChart>(), .. CpuCredits(data)];
}
