using PypiKit.Series;
using PypiKit.Sizing;

namespace PypiKit.Charts;

public static partial class SizingCharts
{
    /// <summary>
    /// A T-family instance's CPU credit balance over time (credits, left axis) with its maximum bank, and the CPU
    /// utilisation delivered (% of the whole instance, right axis) against the baseline it can sustain; the requested
    /// utilisation too when given (it differs from the delivered one while throttled), and the moment credits ran out.
    /// </summary>
    public static Figure CpuCreditBalance(CpuCreditSimulation simulation, TimeSeries? requestedCpu = null)
    {
        var sim = simulation;
        var b = Figure.Build($"CPU credits: {sim.InstanceType} ({(sim.Mode == CpuCreditMode.Standard ? "standard" : "unlimited")} mode), " +
                             $"earning {sim.CreditsPerHour:0.#} credits/h")
            .XAxis(Axis.Date())
            .YAxis(Axis.Linear("CPUCreditBalance", "credits") with { RangeMode = RangeMode.ToZero })
            .SecondaryYAxis(Axis.Linear("CPU utilisation", "%") with { Range = [0, 105], TickMode = "linear", Tick0 = 0, DTick = 20 })
            .Legend(Legend.Below)
            .Add(SeriesTraces.Line(sim.Balance, UnitScale.Identity("credits"), "CPUCreditBalance", ChartColors.Blue))
            .Add(SeriesTraces.Line(sim.Delivered, UnitScale.Identity("%"), "CPU delivered", ChartColors.Green) with { YAxis = "y2" });
        if (requestedCpu is { IsEmpty: false })
            b.Add(SeriesTraces.Line(requestedCpu, UnitScale.Identity("%"), "CPU requested", ChartColors.Orange, Dash.Dot) with { YAxis = "y2" });
        b.HorizontalLine(sim.MaxBalance, $"max bank {sim.MaxBalance:0} credits (24 h of earnings)", ChartColors.Model);
        b.HorizontalLine(sim.Baseline.Value, $"baseline {sim.Baseline.Value:0.#} %", ChartColors.Green, yRef: "y2");
        if (sim.DepletedAt is { } d) b.VerticalLine(d, "credits exhausted");
        return b.Build();
    }

    /// <summary>
    /// Several T-family instances' CPU credit balances on one chart (credits over time, one line per simulation), for
    /// comparing how long each type's bank lasts under the same load.
    /// </summary>
    public static Figure CpuCreditBalance(IEnumerable<CpuCreditSimulation> simulations, string? scenario = null)
    {
        var sims = simulations.ToArray();
        if (sims.Length == 0) throw new ArgumentException("No CPU credit simulations to chart.", nameof(simulations));
        var b = Figure.Build("T-family CPU credit balance" + (scenario is null ? "" : ": " + scenario))
            .XAxis(Axis.Date())
            .YAxis(Axis.Linear("CPUCreditBalance", "credits") with { RangeMode = RangeMode.ToZero })
            .Legend(Legend.Below);
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
