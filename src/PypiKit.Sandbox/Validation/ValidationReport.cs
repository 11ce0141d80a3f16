using PypiKit.Probe;
using PypiKit.Sizing.Model;

namespace PypiKit.Sandbox.Validation;

/// <summary>One level of one regime: the model's prediction (from the probe, nothing fitted to the burst) beside the measurement.</summary>
public sealed record ValidationRow
{
    public required string Regime { get; init; }
    public required int Clients { get; init; }
    public required double PredictedThroughputRps { get; init; }
    public required double MeasuredThroughputRps { get; init; }
    public required double PredictedP95Ms { get; init; }
    public required double MeasuredP95Ms { get; init; }
    public required long Requests { get; init; }
    public required long Errors { get; init; }
    public required BurstLimit Limit { get; init; }
    /// <summary>1-minute load average of the machine when the level ended.</summary>
    public required double LoadAverage { get; init; }
    public required double AllowedError { get; init; }
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>(predicted − measured) / measured.</summary>
    public double ThroughputError => RelativeError(PredictedThroughputRps, MeasuredThroughputRps);
    public double P95Error => RelativeError(PredictedP95Ms, MeasuredP95Ms);
    public bool WithinGoal => Math.Abs(ThroughputError) <= AllowedError && Math.Abs(P95Error) <= AllowedError && Errors == 0;

    public static double RelativeError(double predicted, double measured) => measured > 0 ? (predicted - measured) / measured : double.PositiveInfinity;
}

/// <summary>A regime's probe calibration and the demand the model took from it.</summary>
public sealed record RegimeCalibration(string Regime, Calibration Calibration, ServiceDemand Demand, int Workers, int Cores)
{
    /// <summary>Cores that processes other than this one and the instances used while the probe ran (null where /proc cannot tell).</summary>
    public double? OtherProcessesCores { get; init; }
}

/// <summary>What <see cref="ModelValidation.RunAsync"/> found.</summary>
public sealed record ValidationReport(DateTimeOffset StartedAt, IReadOnlyList<RegimeCalibration> Calibrations, IReadOnlyList<ValidationRow> Rows, string Verdict)
{
    /// <summary>True when the run was cancelled: <see cref="Rows"/> holds the levels measured before it.</summary>
    public bool Cancelled { get; init; }

    /// <summary>One line: per regime, how many rows met the goal and the largest errors.</summary>
    public static string VerdictOf(IReadOnlyList<ValidationRow> rows) => string.Join("; ", rows.GroupBy(r => r.Regime).Select(g =>
    {
        int ok = g.Count(r => r.WithinGoal);
        double worstX = g.Max(r => Math.Abs(r.ThroughputError)), worstP95 = g.Max(r => Math.Abs(r.P95Error));
        return $"{g.Key}: {(ok == g.Count() ? "MET" : "NOT MET")} ({ok}/{g.Count()} levels within {g.First().AllowedError * 100:0} %; " +
               $"worst throughput error {worstX * 100:0} %, worst p95 error {worstP95 * 100:0} %{(g.Any(r => r.Errors > 0) ? ", errors in the run" : "")})";
    }));
}
