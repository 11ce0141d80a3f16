using System.CommandLine;
using System.Runtime.InteropServices;

namespace PypiKit.Cli.Commands;

/// <summary>
/// A command that handles SIGINT and SIGTERM itself (<see cref="TerminationSignals"/>) because it must finish cleanly
/// after one: cancel the pulumi child gracefully, wait for it, clean up, exit 130. <c>Program</c> turns System.CommandLine's
/// own termination handling off for these (its 2-second timeout would end the process under a running <c>pulumi up</c>).
/// </summary>
internal sealed class GracefulCommand(string name, string description) : Command(name, description);

/// <summary>
/// SIGINT/SIGTERM → the default termination is suppressed and <see cref="Token"/> is cancelled; the library then sends
/// SIGINT to the pulumi child (its graceful cancel), waits for it, and the command's cleanup runs before exit 130.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly PosixSignalRegistration[] _registrations;

    private TerminationSignals(CancellationToken outer)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations = OperatingSystem.IsWindows() ? [] :
            [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    /// <summary>Starts handling the signals for the lifetime of the returned object.</summary>
    public static TerminationSignals Handle(CancellationToken outer) => new(outer);

    /// <summary>Cancelled at the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _cts.Token;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _cts.Cancel();
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cts.Dispose();
    }
}
