using System.Globalization;
using PypiKit.Burst;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary>Console side of a burst: the live progress display and the closing summary.</summary>
internal static class BurstConsole
{
    public static async Task<BurstResult> RunWithProgressAsync(BurstOptions options, CancellationToken ct, IProgress<BurstProgress>? observer = null)
    {
        var profile = options.EffectiveProfile;
        CliConsole.Out.MarkupLine($"burst: {Markup.Escape(profile.Name)} → {Markup.Escape(options.Target.ToString())} " +
                               $"({BurstRunner.ExecutorName(profile.Executor)}, {profile.DurationSeconds:0} s, peak {profile.PeakConcurrency} users" +
                               (options.Shard.IsWhole ? "" : $", shard {options.Shard}") + ")");
        if (!CliConsole.Interactive)
        {
            var last = DateTime.MinValue;
            var plain = new Progress<BurstProgress>(p =>
            {
                observer?.Report(p);
                if (DateTime.UtcNow - last < TimeSpan.FromSeconds(5)) return;
                last = DateTime.UtcNow;
                CliConsole.Progress(Line(p));
            });
            return await BurstRunner.RunAsync(options, plain, ct);
        }
        BurstResult? result = null;
        await CliConsole.Out.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("starting", maxValue: profile.DurationSeconds);
                var progress = new Progress<BurstProgress>(p =>
                {
                    observer?.Report(p);
                    task.Description = Markup.Escape(Line(p));
                    task.Value = Math.Min(p.ElapsedSeconds, profile.DurationSeconds);
                });
                result = await BurstRunner.RunAsync(options, progress, ct);
                task.Value = profile.DurationSeconds;
            });
        return result!;
    }

    private static string Line(BurstProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.ElapsedSeconds,6:0.0}s  requests {p.Requests}  {p.RequestsPerSecond:0.#} req/s  errors {p.Errors}  p95 {p.P95Ms:0.#} ms  users {p.Users}  {p.Phase}");

    public static void Summary(BurstResult r, IReadOnlyList<string> written)
    {
        var ci = CultureInfo.InvariantCulture;
        var t = CliTable.Create("figure", "value").Title($"{Markup.Escape(r.Profile)}: {(r.ThresholdsPassed ? "[green]PASS[/]" : "[red]FAIL[/]")} ({r.StopReason})");
        if (r.StopReason != StopReasons.Completed)
            t.AddRow("stopped", Markup.Escape($"{StopReasons.Describe(r.StopReason)}, after {r.DurationSeconds.ToString("0.0", ci)} s"));
        t.AddRow("requests (HTTP)", $"{r.TotalRequests} ({r.HttpRequests})");
        t.AddRow("throughput", $"{r.RequestsPerSecond.ToString("0.##", ci)} req/s over {r.DurationSeconds.ToString("0.#", ci)} s");
        t.AddRow("error rate", $"{(r.ErrorRate * 100).ToString("0.###", ci)} %  " +
            Markup.Escape(string.Join(", ", r.ErrorClasses.Select(kv => $"{kv.Key} {kv.Value}"))));
        t.AddRow("latency p50 / p95 / p99 / max", string.Create(ci, $"{r.Latency.P50:0.#} / {r.Latency.P95:0.#} / {r.Latency.P99:0.#} / {r.Latency.Max:0.#} ms"));
        if (r.FailureLatency.Count > 0) t.AddRow("failure latency p95", string.Create(ci, $"{r.FailureLatency.P95:0.#} ms"));
        t.AddRow("targets", Markup.Escape(string.Join(", ", r.Targets.OrderByDescending(kv => kv.Value.Count)
            .Select(kv => $"{kv.Key} {(kv.Value.Share * 100).ToString("0.#", ci)}%"))));
        if (r.Bursts.Count > 0)
            t.AddRow("burst completion", Markup.Escape(string.Join(", ", r.Bursts.Where(b => b.IsBurst).Select(b => $"#{b.Index} {b.CompletionSeconds.ToString("0.0", ci)} s"))));
        foreach (var s in r.ShardRows)
            t.AddRow(Markup.Escape($"shard {s.Shard}"), Markup.Escape(s.Status == ShardSummary.Ok
                ? string.Create(ci, $"{s.Requests} requests, {s.Failures} failed, p95 {s.P95Ms:0.#} ms{(s.StartOffsetMs is { } o ? $", started {o:0} ms after the common start" : "")}" +
                    $"{(s.ClockSkewMs is { } k ? $", clock skew {k:0} ± {s.ClockSkewUncertaintyMs:0} ms" : "")}")
                : $"FAILED: {s.Error}{(s.StopReason is null ? "" : $" ({s.StopReason})")}"));
        if (r.GeneratorLimited) t.AddRow("[yellow]generator[/]", "[yellow]limited: the generator could not keep its schedule[/]");
        foreach (var th in r.Thresholds)
            t.AddRow(Markup.Escape(th.Expression), (th.Passed ? "[green]pass[/]" : th.Severity == "warn" ? "[yellow]warn[/]" : "[red]FAIL[/]") +
                Markup.Escape($" (measured {th.MeasuredText})"));
        CliConsole.Out.Write(t);
        foreach (var w in written) CliConsole.Out.MarkupLine($"wrote [blue]{Markup.Escape(w)}[/]");
    }
}
