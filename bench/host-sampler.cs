#:project ../src/PypiKit/PypiKit.csproj
#:property PublishAot=false
#:property ArtifactsProjectName=host-sampler

// CPU cost of the host sampler on the real /proc: watched pids come as arguments (bench/host-sampler.sh starts them).
//   1. back to back: N snapshots as fast as possible → CPU time per snapshot → % of one core at a 1 s interval;
//   2. the real loop at 1 s for SECONDS, against the same process idling for SECONDS (the runtime's own background
//      cost), both as CPU time of this process / wall time.
using System.Diagnostics;
using PypiKit.Host;

var pids = args.Select(int.Parse).ToArray();
int seconds = int.Parse(Environment.GetEnvironmentVariable("SECONDS_PER_PHASE") ?? "20");
var self = Process.GetCurrentProcess();
TimeSpan Cpu() { self.Refresh(); return self.TotalProcessorTime; }

var reader = new HostProcReader();
// Warm-up (JIT) outside the measurements.
var warm = new HostSeriesBuilder(pids);
for (int i = 0; i < 50; i++) warm.Add(reader.Read(DateTimeOffset.UtcNow.AddSeconds(i), pids));

const int Snapshots = 500;
var builder = new HostSeriesBuilder(pids);
var t0 = DateTimeOffset.UtcNow;
var c0 = Cpu();
for (int i = 0; i < Snapshots; i++) builder.Add(reader.Read(t0.AddSeconds(i), pids));
double perSnapshotMs = (Cpu() - c0).TotalMilliseconds / Snapshots;
var check = builder.Build();
if (check.Processes.Any(p => p.Rss.IsEmpty)) throw new InvalidOperationException("a watched pid gave no RSS");

async Task<double> Phase(Func<CancellationToken, Task> work)
{
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    var wall = Stopwatch.StartNew();
    var c = Cpu();
    await work(stop.Token);
    return (Cpu() - c).TotalSeconds / wall.Elapsed.TotalSeconds * 100;
}

double idle = await Phase(async ct => { try { await Task.Delay(Timeout.Infinite, ct); } catch (OperationCanceledException) { } });
HostSamplingResult? run = null;
double sampling = await Phase(async ct => run = await new HostSampler(new HostSamplerOptions { Pids = pids }).RunAsync(ct));

Console.WriteLine($"| watched pids | {pids.Length} |");
Console.WriteLine($"| CPU time per snapshot (back to back, {Snapshots} snapshots) | {perSnapshotMs:0.000} ms |");
Console.WriteLine($"| → share of one core at a 1 s interval | {perSnapshotMs / 10:0.000} % |");
Console.WriteLine($"| loop at 1 s for {seconds} s ({run!.Snapshots} snapshots): process CPU / wall | {sampling:0.000} % |");
Console.WriteLine($"| same process idle for {seconds} s (runtime background) | {idle:0.000} % |");
Console.WriteLine($"| loop minus idle | {Math.Max(0, sampling - idle):0.000} % |");
