using BenchmarkDotNet.Running;

// Micro-benchmarks (BenchmarkDotNet). Side-by-side comparisons with external tools (wrk, hey, nginx, GoAccess)
// are driven by bench/run.sh, which writes bench/results/. Usage: dotnet run -c Release --project bench/PypiKit.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
