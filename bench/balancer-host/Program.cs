using System.Runtime.InteropServices;
using PypiKit.Sandbox.Balancer;

// usage: BalancerHost <port> <instance-url>...   prints "LISTENING <url>", runs until SIGTERM or SIGINT
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
Console.WriteLine("LISTENING " + lb.Url);
await stopped.Task;
return 0;
