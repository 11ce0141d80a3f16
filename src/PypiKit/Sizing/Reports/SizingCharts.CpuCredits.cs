using Plotly.NET;
using PypiKit.Charts;
using PypiKit.Series;

namespace PypiKit.Sizing.Reports;

public static partial class SizingCharts
{
    /// <summary>
    /// A T-family instance's CPU credit balance over time (credits, left axis) with its maximum bank, and the CPU
    /// utilisation delivered (% of the whole instance, right axis) against the baseline it can sustain; the requested
    /// utilisation too when given (it differs from the delivered one while throttled), and the moment credits ran out.
    /// Each line is in the legend with the axis it reads against.
    /// </summary>
    public static GenericChart CpuCreditBalance(CpuCreditSimulation simulation, TimeSeries? requestedCpu = null) =>
        CpuCreditBalance(simulation, requestedCpu, null, null);

    /// <summary>
    /// <see cref="CpuCreditBalance(CpuCreditSimulation, TimeSeries?)"/> beside a measured CPUCreditBalance (CloudWatch):
    /// the simulation's balance is then drawn dashed as the credit model's and the measured one solid, named
    /// <paramref name="measuredName"/>.
    /// </summary>
    internal static GenericChart CpuCreditBalance(CpuCreditSimulation simulation, TimeSeries? requestedCpu, TimeSeries? measuredBalance, string? measuredName)
    {
        var sim = simulation;
        bool measured = measuredBalance is { IsEmpty: false };
        var (t0, t1) = SeriesTraces.Extent(sim.Balance, sim.Delivered, measuredBalance);
        var balanceTop = Math.Max(Math.Max(sim.Balance.IsEmpty ? 0 : sim.Balance.Max, measured ? measuredBalance!.Max : 0), sim.MaxBalance) * 1.08;
        var b = new ChartBuilder($"CPU credits: {sim.InstanceType} ({(sim.Mode == CpuCreditMode.Standard ? "standard" : "unlimited")} mode), " +
                                 $"earning {sim.CreditsPerHour:0.#} credits/h")
            .XAxis(Axes.Date())
            .YAxis(Axes.Linear("CPUCreditBalance", "credits").Range(0, Math.Max(1, balanceTop)))
            .SecondaryYAxis(Axes.Linear("CPU utilisation", "%").Range(0, 105).With("tickmode", "linear").With("tick0", 0).With("dtick", 20))
            .Legend(ChartBuilder.LegendBelow())
            .Add(measured
                ? SeriesTraces.Line(sim.Balance, UnitScale.Identity("credits"), "credit model's balance (left)", ChartColors.Model, "dash")
                : SeriesTraces.Line(sim.Balance, UnitScale.Identity("credits"), "CPUCreditBalance (left)", ChartColors.Blue))
            .Add(SeriesTraces.Line(sim.Delivered, UnitScale.Identity("%"), "CPU delivered (right)", ChartColors.Green).With("yaxis", "y2"));
        if (measured) b.Add(SeriesTraces.Line(measuredBalance!, UnitScale.Identity("credits"), measuredName ?? "CPUCreditBalance measured (left)", ChartColors.Blue));
        if (requestedCpu is { IsEmpty: false })
            b.Add(SeriesTraces.Line(requestedCpu, UnitScale.Identity("%"), "CPU requested (right)", ChartColors.Orange, "dot").With("yaxis", "y2"));
        b.HorizontalLine(t0, t1, sim.MaxBalance, $"max bank {sim.MaxBalance:0} credits (24 h of earnings)", ChartColors.Model);
        b.HorizontalLine(t0, t1, sim.Baseline.Value, $"baseline {sim.Baseline.Value:0.#} % (right)", ChartColors.Green, yAxis: "y2");
        if (sim.DepletedAt is { } d) b.VerticalLine(PlotlyProps.Time(d), 0, balanceTop, "credits exhausted");
        return b.Build();
    }

    /// <summary>
    /// Several T-family instances' CPU credit balances on one chart (credits over time, one line per simulation), for
    /// comparing how long each type's bank lasts under the same load.
    /// </summary>
    public static GenericChart CpuCreditBalance(IEnumerable<CpuCreditSimulation> simulations, string? scenario = null)
    {
        var sims = simulations.ToArray();
        if (sims.Length == 0) throw new ArgumentException("No CPU credit simulations to chart.", nameof(simulations));
        var b = new ChartBuilder("T-family CPU credit balance" + (scenario is null ? "" : ": " + scenario))
            .XAxis(Axes.Date())
            .YAxis(Axes.Linear("CPUCreditBalance", "credits").ToZero())
            .Legend(ChartBuilder.LegendBelow());
        for (int i = 0; i < sims.Length; i++)
        {
            var s = sims[i];
            var name = $"{s.InstanceType} (baseline {s.Baseline.Value:0.#} %" +
                       (s.TimeToDepletion is { } t ? $", empty after {t.TotalHours:0.#} h)" : ", does not drain)");
            b.Add(SeriesTraces.Line(s.Balance, UnitScale.Identity("credits"), name, ChartColors.At(i)));
        }
        return b.Build();
    }
}
