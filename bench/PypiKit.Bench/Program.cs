using BenchmarkDotNet.Running;

// Micro-benchmarks (BenchmarkDotNet) of the hot paths, in Benchmarks/: latency model solve, histogram recording,
// ALB aggregation, chart JSON. `bash bench/benchmarks.sh` runs them in a short job and writes bench/results/benchmarks.md;
// any BenchmarkDotNet arguments work too: dotnet run -c Release --project bench/PypiKit.Bench -- --filter '*Histogram*'
// Side-by-side comparisons with external tools (wrk, hey, nginx, GoAccess) are the other bench/<area>.sh scripts.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
