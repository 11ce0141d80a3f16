using System.Diagnostics;
using PypiKit.Json;
using PypiKit.Sandbox.Server;

namespace PypiKit.Sandbox;

/// <summary>One instance ("task") of a cluster: in-process or a child OS process.</summary>
public sealed class SandboxInstance : IAsyncDisposable
{
    public const string ListeningMarker = "PYPIKIT-LISTENING ";
    private readonly SandboxServer? _server;
    private readonly Process? _process;

    private SandboxInstance(string name, string url, SandboxServer? server, Process? process)
    {
        Name = name; Url = url; _server = server; _process = process;
    }

    public string Name { get; }
    /// <summary>The instance's own base URL (bypassing the balancer), ending in <c>/</c>.</summary>
    public string Url { get; }
    /// <summary>The OS process id for child-process instances; null in-process.</summary>
    public int? ProcessId => _process?.Id;
    /// <summary>The server object for in-process instances (counters, store); null for child processes.</summary>
    public SandboxServer? Server => _server;

    public bool IsRunning => _server is not null ? !_server.Completion.IsCompleted : _process is { HasExited: false };

    internal static async Task<SandboxInstance> StartInProcessAsync(SandboxServerOptions options, CancellationToken ct)
    {
        var server = await SandboxServer.StartAsync(options, ct);
        return new SandboxInstance(options.Name, server.Url, server, null);
    }

    internal static async Task<SandboxInstance> StartChildAsync(SandboxServerOptions options, IReadOnlyList<string> command,
        string stateDirectory, TimeSpan timeout, CancellationToken ct)
    {
        var optionsFile = Path.Combine(stateDirectory, $"{options.Name}.json");
        await File.WriteAllTextAsync(optionsFile, PypiKitJson.Serialize(options with { ParentProcessId = Environment.ProcessId }), ct);
        var psi = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // the child exits when this pipe closes (our exit, even a crash)
            UseShellExecute = false,
        };
        foreach (var a in command.Skip(1)) psi.ArgumentList.Add(a);
        // a server process: server GC (one heap per core) unless the caller chose otherwise
        if (Environment.GetEnvironmentVariable("DOTNET_gcServer") is null) psi.Environment["DOTNET_gcServer"] = "1";
        psi.ArgumentList.Add("--options");
        psi.ArgumentList.Add(optionsFile);
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {command[0]}");
        var log = Path.Combine(stateDirectory, $"{options.Name}.log");
        _ = p.StandardError.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var line = await p.StandardOutput.ReadLineAsync(cts.Token)
                    ?? throw new InvalidOperationException($"instance {options.Name} exited before listening (exit code {(p.WaitForExit(2000) ? p.ExitCode : -1)}).");
                await File.AppendAllTextAsync(log, line + "\n", CancellationToken.None);
                if (line.StartsWith(ListeningMarker, StringComparison.Ordinal))
                {
                    var url = line[ListeningMarker.Length..].Trim();
                    _ = p.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                    return new SandboxInstance(options.Name, url, null, p);
                }
            }
        }
        catch
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.Dispose();
            throw;
        }
    }

    /// <summary>Stops abruptly (crash): in-process, the listener closes and connections are aborted; a child process gets SIGKILL.</summary>
    public async Task KillAsync()
    {
        if (_server is not null) { await _server.KillAsync(); return; }
        if (_process is { HasExited: false })
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Stops gracefully (in-flight requests finish): a child process is told by closing its stdin.</summary>
    public async Task StopAsync()
    {
        if (_server is not null) { await _server.StopAsync(); return; }
        if (_process is { HasExited: false })
        {
            try { _process.StandardInput.Close(); } catch (IOException) { }
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(8));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { await KillAsync(); }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
    }
}

/// <summary>
/// The body of a child-process instance (<c>pypikit sandbox serve --options FILE</c>): starts the server from the JSON
/// options file, prints <c>PYPIKIT-LISTENING &lt;url&gt;</c>, and runs until stdin closes, the token is cancelled, or
/// the parent process is gone.
/// </summary>
public static class SandboxInstanceProcess
{
    public static async Task<int> RunAsync(string optionsFile, TextWriter output, CancellationToken ct)
    {
        var options = PypiKitJson.Deserialize<SandboxServerOptions>(await File.ReadAllTextAsync(optionsFile, ct));
        await using var server = await SandboxServer.StartAsync(options, ct);
        await output.WriteLineAsync(SandboxInstance.ListeningMarker + server.Url);
        await output.FlushAsync(ct);
        var stdinClosed = Task.Run(async () =>
        {
            var buf = new byte[256];
            using var stdin = Console.OpenStandardInput();
            try { while (await stdin.ReadAsync(buf, CancellationToken.None) > 0) { } } catch (IOException) { }
        }, CancellationToken.None);
        var cancelled = Task.Delay(Timeout.Infinite, ct);
        await Task.WhenAny(stdinClosed, cancelled, server.Completion);
        await server.StopAsync();
        return 0;
    }
}
