using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using PypiKit.Burst;
using PypiKit.Burst.Distributed;
using PypiKit.Json;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary><c>pypikit burst --workers N --local</c>: the coordinator over local worker processes.</summary>
public sealed partial class BurstModule
{
    private static async Task<int> RunWorkersAsync(BurstOptions options, int count, string outDir, CancellationToken ct)
    {
        var distributed = new DistributedOptions(count, Path.Combine(outDir, $"shards_{DateTimeOffset.UtcNow:yyyyMMdd_HHmmss}"));
        Directory.CreateDirectory(distributed.WorkDirectory);
        var profilePath = Path.Combine(distributed.WorkDirectory, "profile.json");
        File.WriteAllText(profilePath, PypiKitJson.Serialize(options.EffectiveProfile));
        CliConsole.Out.MarkupLine(Markup.Escape($"burst: {options.EffectiveProfile.Name} → {options.Target} on {count} local workers " +
            $"(shards 1/{count} … {count}/{count}), starting together in {distributed.StartLead.TotalSeconds:0} s"));
        var launcher = new LocalShardLauncher(spec => WorkerCommand(options, profilePath, spec));
        var progress = new Progress<ShardStatus>(s =>
            CliConsole.Text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  shard {s.Shard}: {s.State}{(s.Detail is null ? "" : " (" + s.Detail + ")")}")));
        var run = await DistributedBurst.RunAsync(distributed, launcher, progress, ct);
        foreach (var f in run.Failed) CliConsole.Error.WriteLine($"shard {f.Spec.Shard} failed: {f.Error}");
        if (run.Merged is null)
        {
            CliConsole.Error.WriteLine($"error: no shard wrote a result (worker logs under {distributed.WorkDirectory})");
            return run.Cancelled ? Interrupted : 1;
        }
        var written = await BurstReportFiles.WriteAsync(run.Merged, outDir, CancellationToken.None);
        BurstConsole.Summary(run.Merged, written);
        if (run.Cancelled) return Interrupted;
        return run.Merged.ThresholdsPassed ? 0 : ThresholdsBreached;
    }

    /// <summary>The worker's command line: this same pypikit, told its shard, the common start and where to write.</summary>
    private static ProcessStartInfo WorkerCommand(BurstOptions o, string profilePath, ShardSpec spec)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(host);
        // Run as 'dotnet PypiKit.Cli.dll': the dll comes first; run as the apphost: nothing to add.
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            psi.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        var ci = CultureInfo.InvariantCulture;
        string[] args =
        [
            "burst", "--target", o.Target.ToString(), "--profile", profilePath, "--out", spec.ResultDirectory,
            "--shard", spec.Shard, WorkerCliOptions.StartAtFlag, spec.StartAt.ToString("O", ci),
            "--timeout", o.RequestTimeout.TotalSeconds.ToString(ci), "--seed", o.Seed.ToString(ci),
            "--max-requests", ((o.MaxRequests + spec.Count - 1) / spec.Count).ToString(ci), "--max-in-flight", o.MaxInFlight.ToString(ci),
        ];
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (o.SharedCookieJar) psi.ArgumentList.Add("--shared-cookie-jar");
        if (o.AllowRemote) psi.ArgumentList.Add("--allow-remote");
        foreach (var t in o.Thresholds ?? []) { psi.ArgumentList.Add("--threshold"); psi.ArgumentList.Add(t); }
        if (o.User is not null)
        {
            // The password travels in the worker's environment, never on its command line.
            psi.ArgumentList.Add("--user");
            psi.ArgumentList.Add(o.User);
            psi.ArgumentList.Add("--password-env");
            psi.ArgumentList.Add(WorkerCliOptions.PasswordEnvironment);
            psi.Environment[WorkerCliOptions.PasswordEnvironment] = o.Password;
        }
        psi.Environment[WorkerCliOptions.WorkerEnvironment] = "1";
        psi.Environment["NO_COLOR"] = "1";
        return psi;
    }
}

/// <summary>The options of <c>pypikit burst</c> that spread a run over workers.</summary>
internal sealed class WorkerCliOptions
{
    public const string StartAtFlag = "--start-at";
    /// <summary>Set in a worker's environment: it is one shard of a coordinated run.</summary>
    public const string WorkerEnvironment = "PYPIKIT_SHARD_WORKER";
    public const string PasswordEnvironment = "PYPIKIT_SHARD_PASSWORD";

    public readonly Option<int?> Workers = new("--workers")
    {
        Description = "Run the profile as N shards on N workers started together, then merge their results exactly into one report with per-shard rows (needs --local).",
    };
    public readonly Option<bool> Local = new("--local") { Description = "With --workers: the workers are local processes (uses the cores of this machine)." };
    public readonly Option<string?> StartAt = new(StartAtFlag)
    {
        Description = "Begin sending at this UTC time (ISO 8601, e.g. 2026-01-01T12:00:00Z); --workers gives its shards one common start.",
    };

    public void AddTo(Command cmd)
    {
        cmd.Options.Add(Workers);
        cmd.Options.Add(Local);
        cmd.Options.Add(StartAt);
    }

    /// <summary>The number of workers, or null for an ordinary run; bad combinations are input errors.</summary>
    public int? Read(ParseResult r, BurstOptions options)
    {
        var n = r.GetValue(Workers);
        if (n is null)
        {
            if (r.GetValue(Local)) throw new InvalidInputException("--local", "--local only applies with --workers N");
            return null;
        }
        if (n < 1 || n > 256) throw new InvalidInputException("--workers", $"--workers {n}: expected 1 to 256");
        if (!r.GetValue(Local))
            throw new InvalidInputException("--workers", $"--workers {n} needs --local (workers as local processes; the ECS launcher is not available yet)");
        if (!options.Shard.IsWhole) throw new InvalidInputException("--shard", "--shard cannot be combined with --workers (the coordinator assigns the shards)");
        if (options.StartAt is not null) throw new InvalidInputException(StartAtFlag, $"{StartAtFlag} cannot be combined with --workers (the coordinator sets it)");
        return n;
    }

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
