using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using PypiKit.Burst;
using PypiKit.Burst.Reports;
using PypiKit.Burst.Distributed;
using PypiKit.Json;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary><c>pypikit burst --workers N --local</c>: the coordinator over local worker processes.</summary>
public sealed partial class BurstModule
{
    private static async Task<int> RunWorkersAsync(BurstOptions options, WorkerMode mode, string outDir, CancellationToken ct)
    {
        var count = mode.Count;
        var distributed = new DistributedOptions(count, Path.Combine(outDir, $"shards_{DateTimeOffset.UtcNow:yyyyMMdd_HHmmss}"));
        if (mode.StartLead is { } lead) distributed = distributed with { StartLead = lead };
        Directory.CreateDirectory(distributed.WorkDirectory);
        var profilePath = Path.Combine(distributed.WorkDirectory, "profile.json");
        File.WriteAllText(profilePath, PypiKitJson.Serialize(options.EffectiveProfile));
        CliConsole.Out.MarkupLine(Markup.Escape($"burst: {options.EffectiveProfile.Name} → {options.Target} on {count} local workers " +
            $"(shards 1/{count} … {count}/{count}), starting together in {distributed.StartLead.TotalSeconds:0} s"));
        var launcher = new LocalShardLauncher(spec => WorkerCommand(options, profilePath, spec));
        var run = await DistributedBurst.RunAsync(distributed, launcher, ShardProgress(), ct);
        return await FinishWorkersAsync(run, outDir, $"worker logs under {distributed.WorkDirectory}");
    }

    private static Progress<ShardStatus> ShardProgress() => new(s =>
        CliConsole.Text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  shard {s.Shard}: {s.State}{(s.Detail is null ? "" : " (" + s.Detail + ")")}")));

    /// <summary>Reports failed shards, writes the merged report and maps the run to an exit code (130 when cancelled).</summary>
    private static async Task<int> FinishWorkersAsync(DistributedResult run, string outDir, string whereToLook)
    {
        foreach (var f in run.Failed) CliConsole.Error.WriteLine($"shard {f.Spec.Shard} failed: {f.Error}{(f.StopReason is null ? "" : $" ({f.StopReason})")}");
        if (run.Merged is null)
        {
            CliConsole.Error.WriteLine($"error: no shard wrote a result ({whereToLook})");
            return run.Cancelled ? Interrupted : 1;
        }
        var written = await BurstReportFiles.WriteAsync(run.Merged, outDir);
        BurstConsole.Summary(run.Merged, written);
        if (run.Cancelled) return Interrupted;
        return run.Merged.ThresholdsPassed ? 0 : ThresholdsBreached;
    }

    /// <summary>A shard's own flags (everything after the program): target, profile, shard, common start, limits, credentials by name.</summary>
    private static List<string> ShardArguments(BurstOptions o, string profile, string outDir, ShardSpec spec)
    {
        var ci = CultureInfo.InvariantCulture;
        var args = new List<string>
        {
            "burst", "--target", o.Target.ToString(), "--profile", profile, "--out", outDir,
            "--shard", spec.Shard, WorkerCliOptions.StartAtFlag, spec.StartAt.ToString("O", ci),
            "--timeout", o.RequestTimeout.TotalSeconds.ToString(ci), "--seed", o.Seed.ToString(ci),
            "--max-requests", ((o.MaxRequests + spec.Count - 1) / spec.Count).ToString(ci), "--max-in-flight", o.MaxInFlight.ToString(ci),
        };
        if (o.SharedCookieJar) args.Add("--shared-cookie-jar");
        if (o.AllowRemote) args.Add("--allow-remote");
        foreach (var t in o.Thresholds ?? []) args.AddRange(["--threshold", t]);
        // The password travels in the worker's environment, never on its command line.
        if (o.User is not null) args.AddRange(["--user", o.User, "--password-env", WorkerCliOptions.PasswordEnvironment]);
        return args;
    }

    /// <summary>The worker's command line: this same pypikit, told its shard, the common start and where to write.</summary>
    private static ProcessStartInfo WorkerCommand(BurstOptions o, string profilePath, ShardSpec spec)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(host);
        // Run as 'dotnet PypiKit.Cli.dll': the dll comes first; run as the apphost: nothing to add.
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            psi.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var a in ShardArguments(o, profilePath, spec.ResultDirectory, spec)) psi.ArgumentList.Add(a);
        if (o.User is not null) psi.Environment[WorkerCliOptions.PasswordEnvironment] = o.Password;
        psi.Environment[WorkerCliOptions.WorkerEnvironment] = "1";
        psi.Environment["NO_COLOR"] = "1";
        return psi;
    }
}

/// <summary>How a coordinated run spreads: N workers, local processes or ECS tasks, and the lead before their common start.</summary>
internal sealed record WorkerMode(int Count, bool Local, TimeSpan? StartLead);

/// <summary>The options of <c>pypikit burst</c> that spread a run over workers.</summary>
internal sealed class WorkerCliOptions
{
    public const string StartAtFlag = "--start-at";
    /// <summary>Set in a worker's environment: it is one shard of a coordinated run.</summary>
    public const string WorkerEnvironment = "PYPIKIT_SHARD_WORKER";
    public const string PasswordEnvironment = PypiKit.Automation.Model.LoadGeneratorOptions.PasswordEnvironment;

    public readonly Option<int?> Workers = new("--workers")
    {
        Description = "Run the profile as N shards on N workers started together, then merge their results exactly into one report with per-shard rows " +
            "(--local: local processes; --stack-outputs FILE: ECS tasks of the stack's load generator).",
    };
    public readonly Option<bool> Local = new("--local") { Description = "With --workers: the workers are local processes (uses the cores of this machine)." };
    public readonly Option<string?> StartAt = new(StartAtFlag)
    {
        Description = "Begin sending at this UTC time (ISO 8601, e.g. 2026-01-01T12:00:00Z); --workers gives its shards one common start.",
    };
    public readonly Option<double?> StartLead = new("--start-lead")
    {
        Description = "With --workers: seconds between launching the workers and their common start (default 5 local, 120 on ECS, where Fargate must provision each task).",
    };
    public readonly Option<string?> Results = new("--results")
    {
        Description = "Shard mode: also upload the report files to this S3 folder (s3://bucket/prefix/), tagged with this machine's clock offset; the ECS coordinator sets it.",
    };

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { Workers, Local, StartAt, StartLead, Results }) cmd.Options.Add(o);
    }

    /// <summary>The workers of a coordinated run, or null for an ordinary run; bad combinations are input errors.</summary>
    public WorkerMode? Read(ParseResult r, BurstOptions options, string? stackOutputs)
    {
        var n = r.GetValue(Workers);
        var lead = r.GetValue(StartLead);
        if (n is null)
        {
            if (r.GetValue(Local)) throw new InvalidInputException("--local", "--local only applies with --workers N");
            if (lead is not null) throw new InvalidInputException("--start-lead", "--start-lead only applies with --workers N");
            return null;
        }
        if (n < 1 || n > 256) throw new InvalidInputException("--workers", $"--workers {n}: expected 1 to 256");
        var local = r.GetValue(Local);
        if (!local && stackOutputs is null)
            throw new InvalidInputException("--workers", $"--workers {n} needs --local (local processes) or --stack-outputs FILE (ECS tasks of the stack's load generator)");
        if (local && stackOutputs is not null)
            throw new InvalidInputException("--local", "--local and --stack-outputs cannot be combined: the workers are either local processes or ECS tasks");
        if (lead is { } l && (!double.IsFinite(l) || l < 0 || l > 3600))
            throw new InvalidInputException("--start-lead", $"--start-lead {l}: expected 0 to 3600 seconds");
        if (!options.Shard.IsWhole) throw new InvalidInputException("--shard", "--shard cannot be combined with --workers (the coordinator assigns the shards)");
        if (options.StartAt is not null) throw new InvalidInputException(StartAtFlag, $"{StartAtFlag} cannot be combined with --workers (the coordinator sets it)");
        if (r.GetValue(Results) is not null) throw new InvalidInputException("--results", "--results cannot be combined with --workers (the coordinator sets each shard's)");
        return new WorkerMode(n.Value, local, lead is { } s ? TimeSpan.FromSeconds(s) : null);
    }

    /// <summary>The S3 folder a shard uploads its report to, or null.</summary>
    public string? ReadResults(ParseResult r) => r.GetValue(Results) is { } uri ? EcsWorkers.CheckResultsUri(uri) : null;

    public DateTimeOffset? ReadStartAt(ParseResult r)
    {
        var text = r.GetValue(StartAt);
        if (text is null) return null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            throw new InvalidInputException(StartAtFlag, $"{StartAtFlag} '{text}': expected an ISO 8601 time such as 2026-01-01T12:00:00Z");
        if (at > DateTimeOffset.UtcNow.AddHours(1))
            throw new InvalidInputException(StartAtFlag, $"{StartAtFlag} '{text}': more than an hour ahead");
        return at;
    }
}
