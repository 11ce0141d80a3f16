using System.CommandLine;
using System.Globalization;
using PypiKit.Json;
using PypiKit.Telemetry;
using PypiKit.Telemetry.Aws;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary><c>pypikit telemetry</c>: CloudWatch metrics of the reference dashboard and point-in-time stack snapshots.</summary>
public sealed class TelemetryModule : ICliModule
{
    /// <summary>The command's console (<see cref="CliConsole"/>).</summary>
    internal static IAnsiConsole Out => CliConsole.Out;

    public Command Build()
    {
        var cmd = new Command("telemetry",
            "Read what a deployed stack is doing: CloudWatch metrics of the reference dashboard and alarms (ECS, ALB, EFS, host),\n" +
            "and snapshots of ECS task counts, ALB target health, tasks per instance and host commands (via SSM).\n" +
            "AWS access: the default credential chain (env, profile, SSO, assume-role, container, instance metadata), --aws-profile,\n" +
            "--region, and --endpoint-url or AWS_ENDPOINT_URL[_<SERVICE>] for a local emulator such as moto.");
        cmd.Subcommands.Add(MetricsCommand());
        cmd.Subcommands.Add(SnapshotCommand());
        cmd.Subcommands.Add(CatalogCommand());
        cmd.Subcommands.Add(LogsCommand());
        cmd.Subcommands.Add(AlarmsCommand());
        return cmd;
    }

    private static Command MetricsCommand()
    {
        var aws = new AwsCliOptions();
        var target = new StackTargetCliOptions();
        var since = new Option<string>("--since") { Description = "Start of the window: a duration back from --until (90s, 30m, 1h, 2d, 1w) or an ISO-8601 time.", DefaultValueFactory = _ => "1h" };
        var until = new Option<string?>("--until") { Description = "End of the window: 'now' (default) or an ISO-8601 time." };
        var period = new Option<int?>("--period") { Description = "Seconds per datapoint for every query: 1, 5, 10, 20, 30 or a multiple of 60 (raised to what CloudWatch keeps for the window); default: each panel's own." };
        var panels = new Option<string[]>("--panel") { Description = "Catalogue panel to read (repeatable; see 'pypikit telemetry catalog'). Default: every panel the target's names allow." };
        var ns = new Option<string?>("--namespace") { Description = "Read one metric instead of the catalogue: its namespace, e.g. AWS/EFS (with --metric)." };
        var metric = new Option<string?>("--metric") { Description = "Metric name for --namespace, e.g. PercentIOLimit." };
        var dims = new Option<string[]>("--dimension") { Description = "Dimension Name=Value of --metric (repeatable), e.g. FileSystemId=fs-0123." };
        var stat = new Option<string>("--stat") { Description = "Statistic of --metric: Average, Sum, Minimum, Maximum, SampleCount, p95….", DefaultValueFactory = _ => "Average" };
        var points = new Option<bool>("--points") { Description = "Also print every datapoint of every series." };
        var json = new Option<string?>("--json") { Description = "Also write the series as JSON (snake_case) to this file." };
        var cmd = new Command("metrics",
            "Read CloudWatch metrics for a time window and print one row per series (points, min, mean, max, last; alarm state for\n" +
            "alarm panels). Units are CloudWatch's (Percent, Bytes, Seconds, Count). Without --panel: every dashboard widget, alarm and\n" +
            "host panel whose dimensions the target gives (cluster/service, load balancer, target group, EFS id, ASG, instance ids).\n\n" +
            "Examples:\n" +
            "  pypikit telemetry metrics --since 1h --stack-outputs outputs.json --region us-west-2\n" +
            "  pypikit telemetry metrics --since 3h --panel efs-throughput-utilization --file-system-id fs-0123 --aws-profile prod\n" +
            "  pypikit telemetry metrics --endpoint-url http://127.0.0.1:5000 --namespace AWS/EFS --metric PercentIOLimit --dimension FileSystemId=fs-0123");
        aws.AddTo(cmd);
        target.AddTo(cmd);
        foreach (var o in new Option[] { since, until, period, panels, ns, metric, dims, stat, points, json }) cmd.Options.Add(o);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) => await Guard(async () =>
        {
            var window = TimeWindow.Parse(r.GetValue(since)!, r.GetValue(until), DateTimeOffset.UtcNow);
            IReadOnlyList<MetricPanel> selected;
            if (r.GetValue(ns) is { } nsValue)
            {
                var name = r.GetValue(metric) ?? throw new InvalidInputException("--metric", "--namespace needs --metric (the metric name).");
                var dimensions = (r.GetValue(dims) ?? []).Select(ParseDimension).ToList();
                selected = [new MetricPanel("metric", $"{nsValue} {name}", MetricPanelKind.Widget, 300,
                    [new MetricLine("m", $"{name} {r.GetValue(stat)}", "", new MetricIdentity(nsValue, name, dimensions), r.GetValue(stat)!)])];
            }
            else
            {
                var t = target.Read(r);
                var names = r.GetValue(panels) ?? [];
                selected = names.Length > 0 ? names.Select(n => MetricCatalog.Get(n, t)).ToList() : MetricCatalog.For(t);
                if (selected.Count == 0)
                    throw new InvalidInputException("--stack-outputs", "no metric panel applies: give --stack-outputs or at least one of --cluster/--service, --load-balancer-arn, --file-system-id, --asg, --instance-id (or --namespace/--metric).");
            }
            using var clients = new AwsClients(AwsSession.Create(aws.Read(r)));
            if (r.GetValue(ns) is null) target.Read(r).CheckRegion(clients.Session.Region);
            // Fargate: the task-level Container Insights panels need the tasks' ids, listed from CloudWatch itself.
            if (r.GetValue(ns) is null && (r.GetValue(panels) ?? []).Length == 0 && target.Read(r) is { IsFargate: true } fargate)
                selected = MetricCatalog.For(await ContainerInsightsTasks.DiscoverAsync(clients.CloudWatch, fargate, ct));
            var report = await new MetricsReader(clients.CloudWatch).ReadAsync(selected, window.From, window.To, r.GetValue(period), ct: ct);
            PrintMetrics(report, r.GetValue(points) || r.GetValue(ns) is not null);
            if (r.GetValue(json) is { } path)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                await File.WriteAllTextAsync(path, PypiKitJson.Serialize(report), ct);
                Out.MarkupLine($"wrote [blue]{Markup.Escape(path)}[/]");
            }
            return 0;
        }));
        return cmd;
    }

    private static Command SnapshotCommand()
    {
        var aws = new AwsCliOptions();
        var target = new StackTargetCliOptions();
        var host = new Option<bool>("--host-commands") { Description = "Also run free -m, vmstat, docker stats, top on each instance through SSM (AWS-RunShellScript)." };
        var iteration = new Option<int>("--iteration") { Description = "Iteration number to record (-1 = baseline).", DefaultValueFactory = _ => -1 };
        var outDir = new Option<string?>("--out") { Description = "Directory to write telemetry_snapshot_*.json into (e.g. beside a burst report)." };
        var cmd = new Command("snapshot",
            "Take one snapshot of the stack, as the reference harness did before and during a burst: ECS desired/running/pending,\n" +
            "target health (healthy/unhealthy/draining), target-group settings, tasks per EC2 instance, optionally host commands.\n" +
            "Warnings (running != desired, pending > 0, unhealthy > 0) are printed; AWS errors of one part are recorded, not fatal.\n" +
            "Exit codes: 0 complete, 1 some part failed (listed as errors), 2 bad input.\n\n" +
            "Examples:\n" +
            "  pypikit telemetry snapshot --stack-outputs outputs.json --out results/ --region us-west-2\n" +
            "  pypikit telemetry snapshot --cluster pypi --service pypiserver --load-balancer-arn arn:aws:elasticloadbalancing:… --host-commands");
        aws.AddTo(cmd);
        target.AddTo(cmd);
        foreach (var o in new Option[] { host, iteration, outDir }) cmd.Options.Add(o);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) => await Guard(async () =>
        {
            var options = new SnapshotOptions(target.Read(r)) { CollectHostCommands = r.GetValue(host) }.Validate();
            using var clients = new AwsClients(AwsSession.Create(aws.Read(r)));
            options.Target.CheckRegion(clients.Session.Region);
            var it = r.GetValue(iteration);
            var snap = await new SnapshotCollector(clients, options).CollectAsync(it, it < 0 ? "baseline" : null, ct);
            PrintSnapshot(snap);
            if (r.GetValue(outDir) is { } dir)
                Out.MarkupLine($"wrote [blue]{Markup.Escape(SnapshotFiles.Write(dir, snap))}[/]");
            return snap.AllFailures.Count == 0 ? 0 : 1;
        }));
        return cmd;
    }

    private static Command LogsCommand()
    {
        var aws = new AwsCliOptions();
        var outputs = new Option<string?>("--stack-outputs") { Description = "JSON file of stack outputs; its logGroupName is the group read." };
        var group = new Option<string?>("--log-group") { Description = "CloudWatch Logs group (wins over --stack-outputs), e.g. /ecs/pypiserver/prod." };
        var since = new Option<string>("--since") { Description = "Start of the window: a duration back from --until (90s, 30m, 1h) or an ISO-8601 time.", DefaultValueFactory = _ => "10m" };
        var until = new Option<string?>("--until") { Description = "End of the window: 'now' (default) or an ISO-8601 time." };
        var filter = new Option<string?>("--filter") { Description = "CloudWatch Logs filter pattern, e.g. '\"WORKER TIMEOUT\"' or '?ERROR ?CRITICAL'." };
        var prefix = new Option<string?>("--stream-prefix") { Description = "Only streams whose names start with this (e.g. pypiserver/)." };
        var tail = new Option<int?>("--tail") { Description = "Print only the newest N events of the window." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new events (every 2 s) until Ctrl+C." };
        var insights = new Option<string?>("--insights") { Description = "Run this Logs Insights query over the window instead, e.g. 'fields @timestamp, @message | filter @message like /TIMEOUT/ | limit 50'." };
        var cmd = new Command("logs",
            "Read the stack's task logs from CloudWatch Logs: a window of events (every page), filtered and tailed, followed live,\n" +
            "or a Logs Insights query. The group comes from --log-group or the stack outputs' logGroupName.\n\n" +
            "Examples:\n" +
            "  pypikit telemetry logs --stack-outputs outputs.json --since 30m --filter '\"WORKER TIMEOUT\"'\n" +
            "  pypikit telemetry logs --stack-outputs outputs.json --tail 50 --follow\n" +
            "  pypikit telemetry logs --log-group /ecs/pypiserver/prod --since 1h --insights 'stats count(*) by bin(5m)'");
        aws.AddTo(cmd);
        foreach (var o in new Option[] { outputs, group, since, until, filter, prefix, tail, follow, insights }) cmd.Options.Add(o);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) => await Guard(async () =>
        {
            var window = TimeWindow.Parse(r.GetValue(since)!, r.GetValue(until), DateTimeOffset.UtcNow);
            var target = r.GetValue(outputs) is { } path ? StackTarget.FromOutputsFile(path) : new StackTarget();
            if (r.GetValue(follow) && r.GetValue(insights) is not null)
                throw new InvalidInputException("--follow", "--follow and --insights do not go together: a query reads a fixed window.");
            var query = new TaskLogQuery(r.GetValue(group) ?? target.LogGroupName ?? "", window.From, r.GetValue(follow) ? null : window.To)
            {
                FilterPattern = r.GetValue(filter), StreamPrefix = r.GetValue(prefix), Tail = r.GetValue(tail),
            }.Validate();
            using var clients = new AwsClients(AwsSession.Create(aws.Read(r)));
            target.CheckRegion(clients.Session.Region);
            var logs = new TaskLogs(clients.Logs);
            if (r.GetValue(insights) is { } q)
            {
                var result = await logs.InsightsAsync(query, q, ct: ct);
                var fields = result.Rows.SelectMany(row => row.Keys).Where(k => k != "@ptr").Distinct().ToList();
                var table = new Table().Title(Markup.Escape($"Logs Insights: {result.Status}, {result.Rows.Count} row(s)"));
                foreach (var f in fields) table.AddColumn(Markup.Escape(f));
                foreach (var row in result.Rows) table.AddRow(fields.Select(f => Markup.Escape(row.GetValueOrDefault(f) ?? "")).ToArray());
                if (fields.Count > 0) Out.Write(table);
                else Out.MarkupLine(Markup.Escape($"Logs Insights: {result.Status}, no rows"));
                return result.Status == "Complete" ? 0 : 1;
            }
            if (!r.GetValue(follow))
            {
                foreach (var e in await logs.ReadAsync(query, ct)) PrintEvent(e);
                return 0;
            }
            var follower = logs.Follow(query with { Tail = null });
            var first = true;
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    var batch = await follower.NextAsync(ct);
                    if (first && r.GetValue(tail) is { } n && batch.Count > n) batch = batch.Skip(batch.Count - n).ToList();
                    first = false;
                    foreach (var e in batch) PrintEvent(e);
                    await Task.Delay(TimeSpan.FromSeconds(2), ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            return 0;
        }));
        return cmd;
    }

    private static Command AlarmsCommand()
    {
        var aws = new AwsCliOptions();
        var target = new StackTargetCliOptions();
        var names = new Option<string[]>("--alarm") { Description = "Alarm name to read (repeatable); default: every alarm in the stack outputs' 'alarms'." };
        var since = new Option<string>("--since") { Description = "Window for transitions: a duration back from --until (30m, 1h, 2d) or an ISO-8601 time.", DefaultValueFactory = _ => "1h" };
        var until = new Option<string?>("--until") { Description = "End of the window: 'now' (default) or an ISO-8601 time." };
        var cmd = new Command("alarms",
            "Read the stack's real alarm states from CloudWatch (DescribeAlarms): OK, ALARM or INSUFFICIENT_DATA, with every state change\n" +
            "in the window (DescribeAlarmHistory). The alarms are those the stack outputs list ('alarms', written by 'pypikit deploy').\n" +
            "Exit codes: 0 read, 1 an alarm named is missing or AWS failed, 2 bad input.\n\n" +
            "Examples:\n  pypikit telemetry alarms --stack-outputs outputs.json --since 3h\n  pypikit telemetry alarms --alarm pypi-high-latency --region us-west-2");
        aws.AddTo(cmd);
        target.AddTo(cmd);
        foreach (var o in new Option[] { names, since, until }) cmd.Options.Add(o);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) => await Guard(async () =>
        {
            var window = TimeWindow.Parse(r.GetValue(since)!, r.GetValue(until), DateTimeOffset.UtcNow);
            var t = target.Read(r);
            var wanted = r.GetValue(names) is { Length: > 0 } given ? given : t.Alarms.Select(a => a.Name).ToArray();
            if (wanted.Length == 0)
                throw new InvalidInputException("--alarm", "no alarm to read: pass --alarm NAME or --stack-outputs whose outputs list 'alarms'.");
            using var clients = new AwsClients(AwsSession.Create(aws.Read(r)));
            t.CheckRegion(clients.Session.Region);
            var states = await new AlarmStates(clients.CloudWatch).ReadAsync(wanted, window.From, window.To, ct);
            var table = new Table().Title($"CloudWatch alarms, transitions {window.From.UtcDateTime:yyyy-MM-dd HH:mm} – {window.To.UtcDateTime:yyyy-MM-dd HH:mm} UTC")
                .AddColumns("alarm", "state", "since (UTC)", "transitions in window", "reason");
            foreach (var a in states)
            {
                var state = a.State switch { "ALARM" => "[red]ALARM[/]", "OK" => "[green]OK[/]", "INSUFFICIENT_DATA" => "[grey]INSUFFICIENT_DATA[/]", _ => "[yellow]" + Markup.Escape(a.State) + "[/]" };
                table.AddRow(Markup.Escape(a.Name), state, a.Since?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-",
                    a.HistoryFailure is { } hf ? "[yellow]unread: " + Markup.Escape(hf.Message) + "[/]"
                        : Markup.Escape(string.Join("; ", a.Transitions.Select(x => $"{x.Time.UtcDateTime:HH:mm:ss} {x.From ?? "?"}→{x.To ?? "?"}"))),
                    Markup.Escape(a.Reason ?? ""));
            }
            Out.Write(table);
            return states.Any(a => a.Missing) ? 1 : 0;
        }));
        return cmd;
    }

    private static void PrintEvent(LogEvent e) =>
        CliConsole.Text.WriteLine($"{e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)} {e.LogStreamName} {e.Message.TrimEnd('\n')}");

    private static Command CatalogCommand()
    {
        var cmd = new Command("catalog", "List the metric panels of 'pypikit telemetry metrics --panel NAME': every reference dashboard widget and alarm,\nplus CloudWatch-agent host memory/swap and T-family CPU credits, with what each needs.\n\nExample:\n  pypikit telemetry catalog");
        cmd.SetAction((ParseResult _) =>
        {
            var all = new StackTarget
            {
                ClusterName = "c", ServiceName = "s", FileSystemId = "fs-0", AutoScalingGroupName = "asg", InstanceIds = ["i-0"],
                LoadBalancerArn = "arn:aws:elasticloadbalancing:r:1:loadbalancer/app/x/1", TargetGroupArn = "arn:aws:elasticloadbalancing:r:1:targetgroup/x/1",
            };
            var table = new Table().AddColumns("panel", "kind", "title", "metrics", "needs");
            foreach (var p in MetricCatalog.For(all))
                table.AddRow(Markup.Escape(p.Name), p.Kind.ToString().ToLowerInvariant(), Markup.Escape(p.Title),
                    Markup.Escape(string.Join(", ", p.Lines.Select(l => l.Metric is { } m ? $"{m.Namespace}/{m.MetricName} {l.Stat}" : "expr " + l.Expression).Distinct())),
                    Markup.Escape(MetricCatalog.Needs(p.Name)));
            Out.Write(table);
            return 0;
        });
        return cmd;
    }

    private static void PrintMetrics(MetricsReport report, bool points)
    {
        var ci = CultureInfo.InvariantCulture;
        string F(double v) => double.IsNaN(v) ? "-" : Math.Abs(v) >= 1e6 ? v.ToString("0.###e0", ci) : v.ToString("0.###", ci);
        var table = new Table().Title($"CloudWatch {report.From.UtcDateTime:yyyy-MM-dd HH:mm} – {report.To.UtcDateTime:yyyy-MM-dd HH:mm} UTC")
            .AddColumns("panel", "series", "unit", "points", "min", "mean", "max", "last", "status");
        foreach (var s in report.Series)
        {
            var pts = s.Series.Points;
            var status = s.LocalAlarmState switch
            {
                AlarmStateValue.Alarm => "[red]local: ALARM[/]",
                AlarmStateValue.Ok => "[green]local: OK[/]",
                AlarmStateValue.InsufficientData => "[grey]local: INSUFFICIENT_DATA[/]",
                _ => Markup.Escape(s.Status),
            };
            table.AddRow(Markup.Escape(s.Panel), Markup.Escape(s.Series.Name), Markup.Escape(s.Series.Unit), pts.Count.ToString(ci),
                F(s.Series.Min), F(pts.Count == 0 ? double.NaN : pts.Average(p => p.Value)), F(s.Series.Max),
                F(pts.Count == 0 ? double.NaN : pts[^1].Value), status);
        }
        Out.Write(table);
        if (points)
            foreach (var s in report.Series.Where(s => s.Series.Points.Count > 0))
            {
                var t = new Table().Title(Markup.Escape($"{s.Panel}: {s.Series.Name} ({s.Series.Unit})")).AddColumns("time (UTC)", "value");
                foreach (var p in s.Series.Points) t.AddRow(p.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", ci), F(p.Value));
                Out.Write(t);
            }
        foreach (var w in report.Warnings) Out.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
    }

    private static void PrintSnapshot(StackSnapshot s)
    {
        var t = new Table().Title($"snapshot {(s.IsBaseline ? "baseline" : "iteration " + s.Iteration)} at {s.Timestamp.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC")
            .AddColumns("figure", "value");
        if (s.Service is { } e)
            t.AddRow("ECS service", Markup.Escape($"{e.ServiceName}: desired {e.Desired}, running {e.Running}, pending {e.Pending} ({e.Status}{(e.RolloutState is null ? "" : ", rollout " + e.RolloutState)})"));
        t.AddRow("targets", $"healthy {s.TargetCounts.Healthy}, unhealthy {s.TargetCounts.Unhealthy}, draining {s.TargetCounts.Draining}, other {s.TargetCounts.Other}");
        foreach (var target in s.Targets.Where(x => x.State != "healthy"))
            t.AddRow("  not healthy", Markup.Escape($"{target.Id}:{target.Port} {target.State} {target.Reason} {target.Description}"));
        foreach (var key in new[] { "load_balancing.algorithm.type", "deregistration_delay.timeout_seconds", "slow_start.duration_seconds", "stickiness.enabled" })
            if (s.TargetGroupAttributes.TryGetValue(key, out var v)) t.AddRow(Markup.Escape(key), Markup.Escape(v));
        t.AddRow("tasks", $"{s.Tasks.Count - s.StoppedTasks} running, {s.StoppedTasks} stopped, {s.OomKills} OOM-killed");
        foreach (var task in s.Tasks.Where(x => x.LastStatus == "STOPPED" || x.DesiredStatus == "STOPPED"))
            t.AddRow((task.OomKilled ? "  [red]OOM[/] " : "  stopped ") + Markup.Escape(task.TaskArn[(task.TaskArn.LastIndexOf('/') + 1)..]),
                Markup.Escape($"{task.StoppedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "?"} {task.StopSummary}"));
        foreach (var ev in s.Service?.LatestEvents ?? [])
            t.AddRow("  event", Markup.Escape($"{ev.CreatedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} {ev.Message}"));
        foreach (var (instance, n) in s.TasksPerInstance) t.AddRow("  on " + Markup.Escape(instance), n.ToString(CultureInfo.InvariantCulture));
        foreach (var h in s.Hosts)
            t.AddRow("host " + Markup.Escape(h.InstanceId), Markup.Escape(string.Join(", ", h.Commands.Select(c => $"{c.Key} {c.Value.Status}"))));
        Out.Write(t);
        foreach (var w in s.Warnings) Out.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
        foreach (var e2 in TelemetryFailureSummary.From(s.AllFailures)) Out.MarkupLine($"[red]error:[/] {Markup.Escape(e2.ToString())}");
    }

    private static MetricDimension ParseDimension(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1) throw new InvalidInputException("--dimension", $"--dimension '{text}' is not Name=Value.");
        return new MetricDimension(text[..eq], text[(eq + 1)..]);
    }

    /// <summary>AWS failures print one line (AWS's code and message, credentials already redacted) and exit 1.</summary>
    internal static async Task<int> Guard(Func<Task<int>> action)
    {
        try { return await action(); }
        catch (AwsServiceException ex)
        {
            CliConsole.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
        catch (AwsConfigurationException ex)
        {
            CliConsole.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }
}

/// <summary><c>--region</c>, <c>--aws-profile</c>, <c>--endpoint-url</c>: how to reach AWS (shared by telemetry and burst).</summary>
internal sealed class AwsCliOptions(string profileOption = "--aws-profile")
{
    public readonly Option<string?> Region = new("--region") { Description = "AWS region, e.g. us-west-2 (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region)." };
    public readonly Option<string?> Profile = new(profileOption) { Description = "Named AWS profile (static keys, SSO, assume-role) from the shared config/credentials files." };
    public readonly Option<string?> EndpointUrl = new("--endpoint-url")
    {
        Description = "Send every AWS call here instead of AWS (moto, LocalStack), e.g. http://127.0.0.1:5000. Per service: AWS_ENDPOINT_URL_<SERVICE>.",
    };

    public readonly Option<double?> Timeout = new("--aws-timeout") { Description = "Seconds one AWS request may take before it counts as failed (default 30)." };
    public readonly Option<int?> Attempts = new("--aws-attempts") { Description = "Attempts per AWS request, the first included; throttling, 5xx and network errors are retried (default 4, 1..20)." };

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { Region, Profile, EndpointUrl, Timeout, Attempts }) cmd.Options.Add(o);
    }

    public AwsOptions Read(ParseResult r)
    {
        var defaults = new AwsOptions();
        var timeout = r.GetValue(Timeout);
        if (timeout is { } t && (!double.IsFinite(t) || t <= 0 || t > 600))
            throw new InvalidInputException("--aws-timeout", $"--aws-timeout must be between 0 and 600 seconds (was {t}).");
        var attempts = r.GetValue(Attempts);
        if (attempts is < 1 or > 20) throw new InvalidInputException("--aws-attempts", $"--aws-attempts must be between 1 and 20 (was {attempts}).");
        return new AwsOptions
        {
            Region = r.GetValue(Region), Profile = r.GetValue(Profile), EndpointUrl = r.GetValue(EndpointUrl),
            RequestTimeout = timeout is { } s ? TimeSpan.FromSeconds(s) : defaults.RequestTimeout,
            MaxAttempts = attempts ?? defaults.MaxAttempts,
        }.Validate();
    }
}

/// <summary>Which stack to observe: <c>--stack-outputs FILE</c> and/or explicit names (explicit ones win).</summary>
internal sealed class StackTargetCliOptions
{
    public readonly Option<string?> StackOutputs = new("--stack-outputs")
    {
        Description = "JSON file of stack outputs ('pulumi stack output --json' or 'terraform output -json'): ecs_cluster_name, ecs_service_name, pypi_load_balancer_arn, target_group_arn, efs_file_system_id, asg_name.",
    };
    public readonly Option<string?> Cluster = new("--cluster") { Description = "ECS cluster name." };
    public readonly Option<string?> Service = new("--service") { Description = "ECS service name." };
    public readonly Option<string?> LoadBalancerArn = new("--load-balancer-arn") { Description = "ALB ARN (its first target group is used when --target-group-arn is not given)." };
    public readonly Option<string?> TargetGroupArn = new("--target-group-arn") { Description = "Target group ARN." };
    public readonly Option<string?> FileSystemId = new("--file-system-id") { Description = "EFS file system id (fs-…)." };
    public readonly Option<string?> Asg = new("--asg") { Description = "Auto Scaling group name (EC2 CPU alarm; host metrics when no instance ids)." };
    public readonly Option<string[]> InstanceIds = new("--instance-id") { Description = "EC2 instance id (repeatable) for host metrics and host commands (default: the cluster's container instances)." };

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { StackOutputs, Cluster, Service, LoadBalancerArn, TargetGroupArn, FileSystemId, Asg, InstanceIds }) cmd.Options.Add(o);
    }

    /// <summary>True when any target option was given.</summary>
    public bool Given(ParseResult r) =>
        r.GetValue(StackOutputs) is not null || r.GetValue(Cluster) is not null || r.GetValue(LoadBalancerArn) is not null ||
        r.GetValue(TargetGroupArn) is not null;

    public StackTarget Read(ParseResult r)
    {
        var baseTarget = r.GetValue(StackOutputs) is { } path ? StackTarget.FromOutputsFile(path) : new StackTarget();
        return baseTarget.With(new StackTarget
        {
            ClusterName = r.GetValue(Cluster), ServiceName = r.GetValue(Service), LoadBalancerArn = r.GetValue(LoadBalancerArn),
            TargetGroupArn = r.GetValue(TargetGroupArn), FileSystemId = r.GetValue(FileSystemId), AutoScalingGroupName = r.GetValue(Asg),
            InstanceIds = r.GetValue(InstanceIds) ?? [],
        });
    }
}
