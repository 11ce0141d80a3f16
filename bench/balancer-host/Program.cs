using System.Runtime.InteropServices;
using PypiKit.Sandbox.Balancer;

// usage: BalancerHost <port> <instance-url>...   prints "LISTENING <url>", runs until SIGTERM or SIGINT
// SIGHUP prints "COUNTERS <requests balanced> <bytes allocated>" (both since start): bench/sandbox.sh reads it before and
// after a measured run for the bytes the balancer's process allocated per request.
if (args.Length < 2 || !int.TryParse(args[0], out var port))
{
    Console.Error.WriteLine("usage: BalancerHost <port> <instance-url>...");
    return 2;
}
var stopped = new TaskCompletionSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stopped.TrySetResult(); });
using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stopped.TrySetResult(); });
await using var lb = await LoadBalancer.StartAsync(new BalancerOptions { Port = port });
for (int i = 1; i < args.Length; i++) lb.AddTarget($"sandbox-{i}", args[i]);
using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c =>
{
    c.Cancel = true;
    Console.WriteLine($"COUNTERS {lb.GetStats().Requests} {GC.GetTotalAllocatedBytes(precise: true)}");
});
Console.WriteLine("LISTENING " + lb.Url);
await stopped.Task;
return 0;
