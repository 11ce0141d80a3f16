using System.CommandLine;
using PypiKit.Burst;
using PypiKit.Charts;
using PypiKit.Telemetry;
using PypiKit.Telemetry.Reports;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary>
/// The telemetry options of <c>pypikit burst</c>: with <c>--stack-outputs FILE</c> (or <c>--cluster</c>/<c>--service</c>/
/// <c>--load-balancer-arn</c>/<c>--target-group-arn</c>) a <see cref="BurstTelemetry"/> runs beside the burst. <c>--profile</c>
/// is the burst profile there, so the AWS profile is <c>--aws-profile</c>.
/// </summary>
internal sealed class BurstTelemetryCliOptions
{
    private readonly AwsCliOptions _aws = new("--aws-profile");
    private readonly StackTargetCliOptions _target = new();
    private readonly Option<bool> _hostCommands = new("--snapshot-host-commands")
    {
        Description = "With --stack-outputs/--cluster: also run free -m, vmstat, docker stats, top on each instance through SSM in every snapshot.",
    };
    private readonly Option<double> _interval = new("--telemetry-interval")
    {
        Description = "Seconds between stack snapshots while the burst runs (one more is taken after it).", DefaultValueFactory = _ => 30,
    };

    /// <summary>The AWS options (region, profile, endpoint), also used by the ECS workers and the shard's S3 upload.</summary>
    internal AwsCliOptions Aws => _aws;

    /// <summary>The <c>--stack-outputs</c> file, if given (the ECS workers read the load generator's outputs from it).</summary>
    internal string? StackOutputs(ParseResult r) => r.GetValue(_target.StackOutputs);

    public void AddTo(Command cmd)
    {
        _target.AddTo(cmd);
        _aws.AddTo(cmd);
        cmd.Options.Add(_hostCommands);
        cmd.Options.Add(_interval);
    }

    /// <summary>Telemetry when stack options were given, else null. Bad input throws (exit 2) before anything starts.</summary>
    public BurstTelemetry? Create(ParseResult r)
    {
        if (!_target.Given(r)) return null;
        var snapshot = new SnapshotOptions(_target.Read(r)) { CollectHostCommands = r.GetValue(_hostCommands) };
        var interval = r.GetValue(_interval);
        if (!double.IsFinite(interval)) throw new InvalidInputException("--telemetry-interval", "--telemetry-interval must be a number of seconds.");
        var telemetry = BurstTelemetry.Create(_aws.Read(r), snapshot, new BurstTelemetryOptions { Interval = TimeSpan.FromSeconds(interval) });
        telemetry.SnapshotTaken += _ => CliConsole.Out.MarkupLine(Markup.Escape(telemetry.LiveLine()));
        return telemetry;
    }
}

/// <summary>Console side of telemetry beside a burst (the library's <see cref="BurstTelemetry"/> does the work).</summary>
internal static class BurstTelemetryConsole
{
    /// <summary>Starts telemetry; the baseline is awaited a few seconds at most and never fails the burst.</summary>
    public static async Task StartAsync(BurstTelemetry telemetry, CancellationToken ct)
    {
        await telemetry.StartAsync(ct);
        CliConsole.Out.MarkupLine(Markup.Escape("telemetry baseline: " + telemetry.LiveLine()));
    }

    /// <summary>
    /// Writes the telemetry files; prints each failure once (with its count) and a warning line. Returns the files and
    /// the report blocks charting the burst window's CloudWatch series on the burst's time axis (null without them);
    /// nothing without telemetry.
    /// </summary>
    public static async Task<(IReadOnlyList<string> Written, IReadOnlyList<ReportBlock>? StackPanels)> FinishAsync(BurstTelemetry? telemetry, string outDir,
        BurstResult result)
    {
        if (telemetry is null) return ([], null);
        var outcome = await telemetry.FinishAsync(outDir);
        if (outcome.Failures.Count > 0)
        {
            CliConsole.Out.MarkupLine($"[yellow]telemetry warning:[/] {outcome.Failures.Sum(f => f.Occurrences)} failed AWS call(s); the burst's result is unaffected:");
            foreach (var f in outcome.Failures) CliConsole.Out.MarkupLine($"  [yellow]-[/] {Markup.Escape(f.ToString())}");
        }
        return (outcome.Written, outcome.BurstWindowMetrics is { } m ? BurstStackCharts.Blocks(result, m, alarms: outcome.AlarmStates) : null);
    }
}
