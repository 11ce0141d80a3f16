#:project ../src/PypiKit/PypiKit.csproj
#:property TreatWarningsAsErrors=false
#:property JsonSerializerIsReflectionEnabledByDefault=true
// Chart JSON generation cost: builds the three sizing-sweep charts and serializes them to plotly JSON, many times.
// Run: dotnet run bench/charts-json.cs -c Release   (figures in bench/results/charts.md)
using System.Diagnostics;
using PypiKit.Charts;
using PypiKit.Series;
using PypiKit.Sizing;
using PypiKit.Sizing.Reports;

var sweep = SizingSweep.Run(new SweepOptions { InstanceTypes = ["t3.small", "t3.medium", "c6a.large", "c6a.xlarge"], ContainerMemories = [256, 512, 1024], InstanceCount = 2 });
var start = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
var cpu = new TimeSeries("CPUUtilization", "Percent", Enumerable.Range(0, 577).Select(i => new TimePoint(start.AddMinutes(5 * i), 40)).ToArray());
var sims = new[] { "t3.small", "t3.medium" }.Select(InstanceCatalog.Default.Get).Select(t => CpuCreditModel.Simulate(t, cpu, CpuCreditModel.MaxBalance(t))).ToArray();

long bytes = 0;
void Once()
{
    bytes = ChartFacts.Json(SizingCharts.TasksPerInstance(sweep)).Length
          + ChartFacts.Json(SizingCharts.CostVsCapacity(sweep, 15)).Length
          + ChartFacts.Json(SizingCharts.CpuCreditBalance(sims, "steady 40 % CPU")).Length;
}
for (var i = 0; i < 20; i++) Once();
const int n = 200;
var sw = Stopwatch.StartNew();
for (var i = 0; i < n; i++) Once();
sw.Stop();
Console.WriteLine($"plotly.net: {sw.Elapsed.TotalMilliseconds / n:0.00} ms per report's 3 charts, {bytes} bytes of JSON");
