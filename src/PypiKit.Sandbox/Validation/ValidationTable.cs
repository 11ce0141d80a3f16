using System.Globalization;

namespace PypiKit.Sandbox.Validation;

/// <summary>
/// A validation report as text rows, the one layout the console, Markdown and HTML share: per regime the probe line,
/// per level predicted beside measured with the error in %, the flagged assumptions and the verdict.
/// </summary>
public static class ValidationTable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<string> Header { get; } =
        ["regime", "clients", "limit", "pred. req/s", "meas. req/s", "err", "pred. p95 ms", "meas. p95 ms", "err", "errors", "load avg"];

    public static IReadOnlyList<IReadOnlyList<string>> Rows(ValidationReport report) => report.Rows.Select(r => (IReadOnlyList<string>)
    [
        r.Regime, r.Clients.ToString(Inv), r.Limit.ToString().ToLowerInvariant(), r.PredictedThroughputRps.ToString("0.#", Inv),
        r.MeasuredThroughputRps.ToString("0.#", Inv), Percent(r.ThroughputError), r.PredictedP95Ms.ToString("0.#", Inv),
        r.MeasuredP95Ms.ToString("0.#", Inv), Percent(r.P95Error), r.Errors.ToString(Inv), r.LoadAverage.ToString("0.00", Inv),
    ]).ToList();

    /// <summary>One line per regime: what the probe measured and what the model serves with.</summary>
    public static IReadOnlyList<string> CalibrationLines(ValidationReport report) => report.Calibrations.Select(c =>
        string.Create(Inv, $"{c.Regime}: probe S = {c.Demand.MeanSeconds * 1000:0.###} ms (CPU {c.Demand.CpuSeconds * 1000:0.###} ms, CV {c.Demand.Cv:0.00}), ") +
        string.Create(Inv, $"K = {c.Workers} workers, C = {c.Cores} cores; fidelity {c.Calibration.Fidelity ?? "unknown"}") +
        (c.OtherProcessesCores is { } o ? string.Create(Inv, $"; other processes used {o:0.##} cores while probing") : "")).ToList();

    /// <summary>The assumptions the model flagged, one line each (sticky-routing notes left out: validation never pins clients).</summary>
    public static IReadOnlyList<string> FlagLines(ValidationReport report) => report.Rows
        .SelectMany(r => r.Flags.Where(f => !f.StartsWith("sticky", StringComparison.Ordinal)).Select(f => $"{r.Regime}, {r.Clients} clients: {f}"))
        .Distinct().ToList();

    /// <summary>Signed percent, e.g. "+12 %"; "n/a" when the measurement was zero.</summary>
    public static string Percent(double error) => double.IsFinite(error) ? (error * 100).ToString("+0;-0;0", Inv) + " %" : "n/a";
}
