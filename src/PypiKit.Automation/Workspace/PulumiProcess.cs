using System.Diagnostics;
using PypiKit.Processes;
using System.Text;

namespace PypiKit.Automation.Workspace;

/// <summary>
/// Runs one pulumi CLI command the way LocalWorkspace does: <c>--non-interactive</c> appended (before a <c>--</c>
/// separator), <c>--event-log &lt;file&gt;</c> + PULUMI_DEBUG_COMMANDS=true when events are wanted, the event log tailed
/// every 100 ms (plus one read after exit), stdout/stderr streamed line by line, and cancellation as SIGINT first
/// (the engine finishes in-flight steps and releases the lock), a kill after the grace period. The CLI runs in a session
/// of its own (<see cref="UnixSignal.StartInOwnSession"/>): a terminal's Ctrl+C reaches it once, forwarded by PypiKit,
/// never twice (pulumi takes a second SIGINT as "terminate now", leaving pending operations in the state).
/// </summary>
internal static class PulumiProcess
{
    internal static async Task<CommandResult> RunAsync(
        string executable, IReadOnlyList<string> args, string workDir, IReadOnlyDictionary<string, string?> environment,
        Action<string>? onStdout, Action<string>? onStderr, Action<EngineEvent>? onEvent, TimeSpan cancelGrace, CancellationToken ct)
    {
        var argv = new List<string>(args);
        var separator = argv.IndexOf("--");
        void Insert(params string[] items)
        {
            if (separator >= 0) { argv.InsertRange(separator, items); separator += items.Length; }
            else argv.AddRange(items);
        }
        if (!argv.Contains("--non-interactive")) Insert("--non-interactive");

        string? logDir = null, logFile = null;
        if (onEvent is not null)
        {
            logDir = Path.Combine(Path.GetTempPath(), $"automation-logs-{args.FirstOrDefault() ?? "cmd"}-{Guid.NewGuid():N}"[..^20]);
            Directory.CreateDirectory(logDir);
            logFile = Path.Combine(logDir, "eventlog.txt");
            Insert("--event-log", logFile);
        }

        var resolved = Resolve(executable, environment);
        var psi = new ProcessStartInfo(resolved ?? executable)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in argv) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment)
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        if (onEvent is not null) psi.Environment["PULUMI_DEBUG_COMMANDS"] = "true";
        if (resolved is not null) UnixSignal.StartInOwnSession(psi);

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is null) return; lock (stdout) stdout.Append(e.Data).Append('\n'); onStdout?.Invoke(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is null) return; lock (stderr) stderr.Append(e.Data).Append('\n'); onStderr?.Invoke(e.Data); };
        try
        {
            if (!process.Start()) throw new PulumiNotFoundException($"could not start '{executable}'");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            if (logDir is not null) TryDelete(logDir);
            throw new PulumiNotFoundException($"the pulumi CLI was not found ('{executable}': {ex.Message}). Install it from https://www.pulumi.com/docs/install/ or pass its path.");
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var watcherCts = new CancellationTokenSource();
        var watcher = logFile is null ? Task.CompletedTask : WatchAsync(logFile, onEvent!, watcherCts.Token);
        var cancelled = false;
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
            Interrupt(process);
            using var grace = new CancellationTokenSource(cancelGrace);
            try { await process.WaitForExitAsync(grace.Token); }
            catch (OperationCanceledException) { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } await process.WaitForExitAsync(CancellationToken.None); }
        }
        process.WaitForExit(); // flush redirected streams
        if (logFile is not null)
        {
            await Task.Delay(150, CancellationToken.None); // the CLI may still be flushing the last line
            watcherCts.Cancel();
            await watcher;
        }
        if (logDir is not null) TryDelete(logDir);
        if (cancelled) throw new OperationCanceledException($"pulumi {string.Join(' ', args)} was cancelled (SIGINT sent)", ct);
        string o, e;
        lock (stdout) o = stdout.ToString();
        lock (stderr) e = stderr.ToString();
        return new CommandResult(process.ExitCode, o, e);
    }

    /// <summary>Tails the event log: new complete lines every 100 ms; a final pass when stopped.</summary>
    private static async Task WatchAsync(string path, Action<EngineEvent> onEvent, CancellationToken stop)
    {
        long position = 0;
        var pending = new StringBuilder();
        void ReadNew()
        {
            if (!File.Exists(path)) return;
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (fs.Length < position) position = 0; // truncated (O_TRUNC on open)
            fs.Seek(position, SeekOrigin.Begin);
            using var reader = new StreamReader(fs, Encoding.UTF8);
            var text = reader.ReadToEnd();
            position = fs.Position;
            pending.Append(text);
            var all = pending.ToString();
            var last = all.LastIndexOf('\n');
            if (last < 0) return;
            pending.Clear().Append(all[(last + 1)..]);
            foreach (var line in all[..last].Split('\n'))
                if (EngineEvent.TryParse(line.TrimEnd('\r')) is { } ev) onEvent(ev);
        }
        while (!stop.IsCancellationRequested)
        {
            ReadNew();
            try { await Task.Delay(100, stop); } catch (OperationCanceledException) { break; }
        }
        ReadNew();
        if (pending.Length > 0 && EngineEvent.TryParse(pending.ToString()) is { } tail) onEvent(tail);
    }

    /// <summary>
    /// The executable's full path: as given when rooted, else the first match on PATH (the child's PATH when the
    /// environment sets one); null when it is not there (the start then fails and reports the CLI missing).
    /// </summary>
    internal static string? Resolve(string executable, IReadOnlyDictionary<string, string?> environment)
    {
        if (Path.IsPathRooted(executable)) return File.Exists(executable) ? executable : null;
        if (executable.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)) return File.Exists(executable) ? Path.GetFullPath(executable) : null;
        var path = environment.TryGetValue("PATH", out var p) && p is not null ? p : Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, executable)).FirstOrDefault(File.Exists);
    }

    /// <summary>SIGINT on Unix (the engine then stops gracefully); elsewhere a kill.</summary>
    internal static void Interrupt(Process process)
    {
        try
        {
            if (process.HasExited) return;
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) { _ = UnixSignal.Send(process.Id, UnixSignal.Interrupt); return; }
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
