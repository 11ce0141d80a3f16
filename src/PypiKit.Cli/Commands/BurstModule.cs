using System.CommandLine;
using System.Runtime.InteropServices;
using PypiKit.Burst;
using PypiKit.Burst.Reports;
using PypiKit.Telemetry;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary><c>pypikit burst</c>: run a load profile against an index and write its report; <c>burst merge</c>, <c>burst profiles</c>.</summary>
public sealed partial class BurstModule : ICliModule
{
    /// <summary>Exit code when a threshold (pass criterion) is breached (k6's convention).</summary>
    public const int ThresholdsBreached = ExitCodes.ThresholdsBreached;


    public Command Build()
    {
        var cmd = new Command("burst",
            "Burst-test a PyPI index: run a load profile (pip install chains, listings, uploads) and write a JSON, Markdown and HTML report.\n" +
            "Each virtual user has its own connection and cookie jar; open-model profiles measure latency from each request's\n" +
            "intended start (no coordinated omission). Exit codes: 0 pass, 99 a threshold breached, 2 bad input, 130 interrupted\n" +
            "(Ctrl+C still writes the report of what ran).\n\n" +
            "With --stack-outputs FILE (or --cluster/--service/--load-balancer-arn) it also snapshots the AWS stack (ECS counts, target\n" +
            "health, running and stopped tasks; host commands with --snapshot-host-commands) before the burst, every\n" +
            "--telemetry-interval seconds and after it, into telemetry_snapshot*.json beside the report (AWS profile: --aws-profile;\n" +
            "--region; --endpoint-url). AWS failures are listed there and never change the burst's exit code.\n\n" +
            "--workers N runs the profile as N shards started together and merges them exactly: --local as local processes, or with\n" +
            "--stack-outputs FILE as ECS tasks of the stack's load generator (Fargate, private subnets, no public IP; results through its\n" +
            "S3 bucket; per-shard exit code, stop reason and clock skew in the report; Ctrl+C stops every task). With --user the tasks\n" +
            "take the stack's password from its credentials secret (never a RunTask override); the one given must be that one.\n\n" +
            "Example:\n  PYPIKIT_PASSWORD=secret pypikit burst --target http://127.0.0.1:8080/ --profile production_incident-local --user ci --out results/");
        var o = new BurstCliOptions();
        o.AddTo(cmd);
        var telemetry = new BurstTelemetryCliOptions();
        telemetry.AddTo(cmd);
        var workers = new WorkerCliOptions();
        workers.AddTo(cmd);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var options = o.Read(r) with { StartAt = workers.ReadStartAt(r) };
            var outDir = ReportDirectories.CheckWritable(r.GetValue(o.Out)!, "--out");
            ReportPages.CheckPlotlyJs();
            var stackOutputs = telemetry.StackOutputs(r);
            if (workers.Read(r, options, stackOutputs) is { } mode)
            {
                using var coordinatorInterrupts = new InterruptScope(ct);
                if (mode.Local) return await RunWorkersAsync(options, mode, outDir, coordinatorInterrupts.Token);
                var ecs = EcsWorkers.Prepare(stackOutputs!, telemetry.Aws.Read(r));
                return await TelemetryModule.Guard(() => RunEcsWorkersAsync(options, mode, ecs, outDir, coordinatorInterrupts.Token));
            }
            using var interrupts = new InterruptScope(ct, gracefulOnly: Environment.GetEnvironmentVariable(WorkerCliOptions.WorkerEnvironment) == "1");
            if (workers.ReadResults(r) is { } results)
                return await TelemetryModule.Guard(() => RunShardToS3Async(options, outDir, results, telemetry.Aws.Read(r), interrupts.Token));
            using var snapshots = telemetry.Create(r);
            return await TelemetryModule.Guard(() => RunAsync(options, outDir, interrupts.Token, snapshots));
        });
        cmd.Subcommands.Add(MergeCommand());
        cmd.Subcommands.Add(ProfilesCommand());
        return cmd;
    }

    private static Command MergeCommand()
    {
        var files = new Argument<string[]>("files") { Description = "Result JSON files written by 'pypikit burst' (one per shard or machine).", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out") { Description = "Directory for the merged report (created if missing).", DefaultValueFactory = _ => "burst-results" };
        var cmd = new Command("merge",
            "Merge burst result files (shards run with --shard i/N, or runs from several machines) into the report one run would give:\n" +
            "counts and latency histograms add exactly; thresholds of the first file are re-evaluated.\n\n" +
            "Example:\n  pypikit burst merge results/shard1/*.json results/shard2/*.json --out results/merged");
        cmd.Arguments.Add(files);
        cmd.Options.Add(outDir);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var paths = r.GetValue(files)!;
            foreach (var p in paths)
                if (!File.Exists(p)) throw new InvalidInputException(p, $"result file '{p}' does not exist");
            ReportDirectories.CheckWritable(r.GetValue(outDir)!, "--out");
            ReportPages.CheckPlotlyJs();
            var merged = BurstMerge.MergeFiles(paths);
            var written = await BurstReportFiles.WriteAsync(merged, r.GetValue(outDir)!, ct: ct);
            BurstConsole.Summary(merged, written);
            return merged.ThresholdsPassed ? 0 : ThresholdsBreached;
        });
        return cmd;
    }

    private static Command ProfilesCommand()
    {
        var cmd = new Command("profiles", "List the built-in burst profiles (the reference harness's five and their -local variants).\n\nExample:\n  pypikit burst profiles");
        cmd.SetAction((ParseResult r) =>
        {
            foreach (var p in BurstProfiles.All)
            {
                CliConsole.Text.WriteLine($"{p.Name,-40} {BurstRunner.ExecutorName(p.Executor)}, {p.DurationSeconds:0} s, {p.Clients} clients, peak {p.PeakConcurrency}" +
                    (p.BurstIntervalSeconds > 0 ? $", burst every {p.BurstIntervalSeconds:0} s" : ", no bursts") +
                    (p.UploadRatio > 0 ? $", {p.UploadRatio:P0} uploads" : ""));
                CliConsole.Text.WriteLine($"{"",-40} thresholds: {string.Join("; ", p.Thresholds.Concat(p.WarnThresholds.Select(w => "warn " + w)))}");
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>Runs one burst, writes its reports; <paramref name="afterWrite"/> (a shard's upload) runs on the written files before the summary, and a non-zero code from it ends the run with that code.</summary>
    internal static async Task<int> RunAsync(BurstOptions options, string outDir, CancellationToken ct, BurstTelemetry? telemetry = null,
        Func<IReadOnlyList<string>, Task<int>>? afterWrite = null)
    {
        UseInlineSocketCompletions(options);
        if (telemetry is not null) await BurstTelemetryConsole.StartAsync(telemetry, ct);
        // a local sandbox target: the host and its processes are sampled beside the burst (series in the JSON report)
        await using var sampling = Sandbox.Lab.LocalSandboxSampling.TryStart(options.Target);
        var result = await BurstConsole.RunWithProgressAsync(options, ct, telemetry?.Observer);
        if (sampling is not null) result = result with { Host = await sampling.StopAsync() };
        // Telemetry finishes first (bounded, never throws) so the HTML report charts the stack's burst-window series.
        var (telemetryFiles, stackPanels) = await BurstTelemetryConsole.FinishAsync(telemetry, outDir, result);
        IReadOnlyList<string> written = [.. await BurstReportFiles.WriteAsync(result, outDir, more: stackPanels), .. telemetryFiles];
        if (afterWrite is not null && await afterWrite(written) is not 0 and var failed) return failed;
        BurstConsole.Summary(result, written);
        if (result.StopReason == StopReasons.Cancelled) return Interrupted;
        return result.ThresholdsPassed ? 0 : ThresholdsBreached;
    }

    /// <summary>Exit code of a run stopped by Ctrl+C or SIGTERM (after its report was written).</summary>
    public const int Interrupted = ExitCodes.Cancelled;
}

/// <summary>
/// Turns the first SIGINT (Ctrl+C) or SIGTERM into a cancellation of <see cref="Token"/> instead of the process
/// dying, so a command can stop its work and still write what it has; a second signal ends the process as usual.
/// </summary>
internal sealed class InterruptScope : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    private readonly bool _gracefulOnly;

    /// <param name="outer">The command's own token (cancelled too when it is).</param>
    /// <param name="gracefulOnly">Every signal stops gracefully (shard workers: a terminal's Ctrl+C reaches them and
    /// their coordinator's relayed SIGINT too; the coordinator kills them if they do not end in time).</param>
    public InterruptScope(CancellationToken outer, bool gracefulOnly = false)
    {
        _gracefulOnly = gracefulOnly;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _cts.Token;

    private void Handle(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _signals) > 1)
        {
            context.Cancel = _gracefulOnly; // the second one ends the process (the default action), except in a worker
            return;
        }
        context.Cancel = true;
        CliConsole.Error.WriteLine($"{context.Signal}: stopping; writing the report of what ran (send it again to quit at once)");
        _cts.Cancel();
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cts.Dispose();
    }
}

public sealed partial class BurstModule
{
    /// <summary>
    /// For profiles that only fetch a fixed path over plain http (the engine's lean HTTP/1.1 connection, no
    /// SocketsHttpHandler), run socket continuations inline on the epoll thread instead of hopping to the thread
    /// pool: it halves the client CPU per request (wrk's model). Process-wide and read once by the runtime at the
    /// first socket operation, so it is set here, before the run, and only for such profiles.
    /// </summary>
    private static void UseInlineSocketCompletions(BurstOptions options)
    {
        var p = options.EffectiveProfile;
        var getOnly = p.Executor != ExecutorKind.PacedClosedLoop && p.Mix.Get > 0 && p.Mix.PipInstall == 0 && p.Mix.List == 0 && p.Mix.Upload == 0;
        if (getOnly && options.Target.Scheme == "http" && !options.SharedCookieJar &&
            Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
            Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
    }
}

/// <summary>The options of <c>pypikit burst</c> (shared with <c>pypikit lab</c> where they apply).</summary>
internal sealed class BurstCliOptions
{
    public readonly Option<string> Target = new("--target")
    {
        Description = "Base URL of the index (the load balancer), e.g. http://127.0.0.1:8080/. Credentials may be embedded (http://user:pass@host/). Non-loopback targets need --allow-remote.",
        DefaultValueFactory = _ => "http://127.0.0.1:8080/",
    };
    public readonly Option<string> Profile = new("--profile")
    {
        Description = "Built-in profile name (see 'pypikit burst profiles') or a .json/.yaml profile file.",
        DefaultValueFactory = _ => "production_incident-local",
    };
    public readonly Option<string?> User = new("--user") { Description = "HTTP Basic user." };
    public readonly Option<string> PasswordEnv = new("--password-env")
    {
        Description = "Name of the environment variable holding the password (the password is never a command-line argument).",
        DefaultValueFactory = _ => "PYPIKIT_PASSWORD",
    };
    public readonly Option<string> Out = new("--out") { Description = "Report directory (created if missing).", DefaultValueFactory = _ => "burst-results" };
    public readonly Option<double?> Duration = new("--duration") { Description = "Override the profile's duration, seconds." };
    public readonly Option<double> Timeout = new("--timeout") { Description = "Per-request timeout, seconds.", DefaultValueFactory = _ => 30 };
    public readonly Option<bool> SharedCookieJar = new("--shared-cookie-jar")
    {
        Description = "Reference compatibility: all virtual users share one cookie jar (as the reference's single requests.Session), so ALB stickiness pins every user to one target.",
    };
    public readonly Option<bool> AllowRemote = new("--allow-remote") { Description = "Allow a target that is not a loopback address (only servers you own)." };
    public readonly Option<string> Shard = new("--shard") { Description = "Run slice i of N of the profile (e.g. 1/2); combine the results with 'pypikit burst merge'.", DefaultValueFactory = _ => "1/1" };
    public readonly Option<string[]> Thresholds = new("--threshold")
    {
        Description = "Pass criterion replacing the profile's (repeatable), k6-style: 'p95(list) < 2s', 'error_rate < 1%', 'count(5xx) == 0'.",
        AllowMultipleArgumentsPerToken = false,
    };
    public readonly Option<long> MaxRequests = new("--max-requests") { Description = "Stop after this many measured operations.", DefaultValueFactory = _ => 2_000_000 };
    public readonly Option<int> MaxInFlight = new("--max-in-flight") { Description = "Refuse profiles needing more concurrent virtual users than this.", DefaultValueFactory = _ => 1000 };
    public readonly Option<int> Seed = new("--seed") { Description = "Seed of package choices (same seed, same packages).", DefaultValueFactory = _ => 1 };

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { Target, Profile, User, PasswordEnv, Out, Duration, Timeout, SharedCookieJar, AllowRemote, Shard, Thresholds, MaxRequests, MaxInFlight, Seed })
            cmd.Options.Add(o);
    }

    /// <summary>A built-in name, a file, or the profile's JSON itself (how the ECS coordinator hands a profile to its tasks).</summary>
    private static BurstProfile ReadProfile(string text) =>
        text.TrimStart().StartsWith('{') ? BurstProfiles.Parse(text, yaml: false, "--profile") : BurstProfiles.Resolve(text);

    public BurstOptions Read(ParseResult r)
    {
        var targetText = r.GetValue(Target)!;
        if (!Uri.TryCreate(targetText, UriKind.Absolute, out var target))
            throw new InvalidInputException("--target", $"--target '{targetText}' is not an absolute URL");
        var user = r.GetValue(User);
        string? password = null;
        if (!string.IsNullOrEmpty(target.UserInfo))
        {
            var parts = target.UserInfo.Split(':', 2);
            user ??= Uri.UnescapeDataString(parts[0]);
            password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
            target = new UriBuilder(target) { UserName = "", Password = "" }.Uri;
        }
        if (user is not null && password is null)
        {
            var env = r.GetValue(PasswordEnv)!;
            password = Environment.GetEnvironmentVariable(env)
                ?? throw new InvalidInputException("--password-env", $"--user {user} given but environment variable {env} (--password-env) is not set");
        }
        var timeout = r.GetValue(Timeout);
        if (timeout <= 0) throw new InvalidInputException("--timeout", "--timeout must be > 0 seconds");
        var duration = r.GetValue(Duration);
        if (duration is <= 0) throw new InvalidInputException("--duration", "--duration must be > 0 seconds");
        var thresholds = r.GetValue(Thresholds);
        return new BurstOptions
        {
            Target = target,
            Profile = ReadProfile(r.GetValue(Profile)!),
            User = user,
            Password = password,
            RequestTimeout = TimeSpan.FromSeconds(timeout),
            SharedCookieJar = r.GetValue(SharedCookieJar),
            AllowRemote = r.GetValue(AllowRemote),
            Shard = BurstShard.Parse(r.GetValue(Shard)!),
            Thresholds = thresholds is { Length: > 0 } ? thresholds : null,
            MaxRequests = r.GetValue(MaxRequests),
            MaxInFlight = r.GetValue(MaxInFlight),
            Seed = r.GetValue(Seed),
            DurationSeconds = duration,
        };
    }
}
