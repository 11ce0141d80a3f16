using System.Diagnostics;

namespace PypiKit.Burst;

/// <summary>Starts a profile's requests on the engine's virtual users. Returns when the run is over (or cancelled).</summary>
internal interface IBurstExecutor
{
    Task RunAsync(BurstEngine engine, CancellationToken ct);
}
