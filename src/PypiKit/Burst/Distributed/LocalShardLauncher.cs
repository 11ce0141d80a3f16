using System.Diagnostics;

namespace PypiKit.Burst.Distributed;

/// <summary>
/// Runs each shard as a local process (the <c>pypikit burst --shard i/N</c> command line the caller builds), so one
/// machine's cores all drive load. The process's output goes to <c>worker.log</c> in the shard's result directory.
/// Exit codes 0, 99 (thresholds breached) and 130 (stopped) leave a valid result; anything else is a failure, reported
/// with the last line the worker wrote. Cancelling sends SIGINT (the worker writes its partial report), then kills
/// the process tree after <see cref="StopGrace"/>.
/// </summary>
public sealed class LocalShardLauncher(Func<ShardSpec, ProcessStartInfo> command) : IShardLauncher
{
    /// <summary>How long a signalled worker may take to write its report before it is killed.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Exit codes after which the worker's result file is trusted (pass, thresholds breached, interrupted).</summary>
    public static readonly IReadOnlySet<int> ResultExitCodes = new HashSet<int> { 0, 99, 130 };

    public async Task<ShardOutcome> RunAsync(ShardSpec spec, IProgress<ShardStatus>? progress, CancellationToken ct)
    {
        var psi = command(spec);
        psi.UseShellExecute = false;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.RedirectStandardInput = true;
        var logPath = Path.Combine(spec.ResultDirectory, "worker.log");
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {psi.FileName}");
        process.StandardInput.Close();
        progress?.Report(new ShardStatus(spec.Shard, "running", $"pid {process.Id}"));
        var lastError = "";
        var log = new StreamWriter(logPath) { AutoFlush = true };
        await using (log.ConfigureAwait(false))
        {
            var gate = new object();
            void Pump(string? line, bool error)
            {
                if (line is null) return;
                lock (gate)
                {
                    log.WriteLine(line);
                    if (error && line.Trim().Length > 0) lastError = line.Trim();
                }
            }
            process.OutputDataReceived += (_, e) => Pump(e.Data, false);
            process.ErrorDataReceived += (_, e) => Pump(e.Data, true);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                await process.WaitForExitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                progress?.Report(new ShardStatus(spec.Shard, "stopping"));
                await StopAsync(process).ConfigureAwait(false);
            }
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false); // drains the output events
        }
        var exit = process.ExitCode;
        var result = Directory.EnumerateFiles(spec.ResultDirectory, "*" + JsonBurstReport.Extension).OrderBy(f => f, StringComparer.Ordinal).LastOrDefault();
        progress?.Report(new ShardStatus(spec.Shard, "exited", $"exit code {exit}"));
        if (ResultExitCodes.Contains(exit) && result is not null)
            return new ShardOutcome(spec, result, exit, exit == 130 ? "stopped before the end" : null);
        var why = $"exit code {exit}" + (lastError.Length > 0 ? $": {lastError}" : "") + $" (log: {logPath})";
        return new ShardOutcome(spec, null, exit, why);
    }

    private async Task StopAsync(Process process)
    {
        if (process.HasExited) return;
        try
        {
            _ = PypiKit.Processes.UnixSignal.Send(process.Id, PypiKit.Processes.UnixSignal.Interrupt);
        }
        catch (InvalidOperationException) { }
        using var grace = new CancellationTokenSource(StopGrace);
        try { await process.WaitForExitAsync(grace.Token).ConfigureAwait(false); }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
    }
}
