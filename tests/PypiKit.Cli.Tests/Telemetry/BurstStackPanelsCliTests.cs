using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Cli.Tests.Telemetry;

/// <summary>
/// <c>pypikit burst --stack-outputs</c> against moto: the HTML report carries the stack's CloudWatch panels (ECS, EFS,
/// ALB latency and 5xx by source, host swap) on the burst's time axis, read back from the Plotly JSON embedded in the page.
/// </summary>
[Collection("telemetry-cli")]
[Trait("Category", "Slow")]
public sealed partial class BurstStackPanelsCliTests(TelemetryCliFixture fx)
{
    [GeneratedRegex("""PypiKitCharts\.plot\("[^"]+", (\{.*?\})\);</script>""", RegexOptions.Singleline)]
    private static partial Regex Figure();

    [GeneratedRegex("<tr><td>pypi-panels-no-data</td>.*?</tr>")]
    private static partial Regex AlarmRow();

    [Fact]
    public async Task The_burst_report_charts_the_stacks_cloudwatch_series_inside_the_burst_window()
    {
        fx.RequireMoto();
        var ct = TestContext.Current.CancellationToken;
        var seed = fx.Seed;
        var cluster = seed.GetProperty("cluster").GetString()!;
        var service = seed.GetProperty("service").GetString()!;
        var lbArn = seed.GetProperty("load_balancer_arn").GetString()!;
        var lb = lbArn.Split(":loadbalancer/")[1];
        // Its own file-system dimension: the shared fixture's seeded EFS series stay exactly as TelemetryCliTests counts them.
        var fs = "fs-panels" + Guid.NewGuid().ToString("N")[..8];
        var instances = seed.GetProperty("instance_ids").EnumerateArray().Select(i => i.GetString()!).ToArray();

        // Values every 10 s from two minutes ago to three minutes ahead, so every period the burst touches has data.
        using (var session = AwsSession.Create(new AwsOptions
        {
            EndpointUrl = fx.Url, Region = "us-east-1", Credentials = new BasicAWSCredentials(fx.AccessKeyId, fx.SecretAccessKey), MaxAttempts = 2,
        }))
        {
            var cw = new CloudWatchClient(session);
            var now = DateTimeOffset.UtcNow;
            var times = Enumerable.Range(-12, 30).Select(k => now.AddSeconds(10 * k)).ToArray();
            Task Put(string ns, string name, double value, params (string, string)[] dims) => cw.PutMetricDataAsync(ns,
                times.Select(t => new MetricDatum(name, dims.Select(d => new MetricDimension(d.Item1, d.Item2)).ToList(), t, value)), ct);
            await Put("AWS/ECS", "CPUUtilization", 71, ("ClusterName", cluster), ("ServiceName", service));
            await Put("AWS/ECS", "MemoryUtilization", 83, ("ClusterName", cluster), ("ServiceName", service));
            await Put("AWS/EFS", "BurstCreditBalance", 1.5e12, ("FileSystemId", fs));
            await Put("AWS/EFS", "PercentIOLimit", 42, ("FileSystemId", fs));
            await Put("AWS/EFS", "DataReadIOBytes", 6e6, ("FileSystemId", fs));
            await Put("AWS/ApplicationELB", "TargetResponseTime", 0.4, ("LoadBalancer", lb));
            await Put("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", 3, ("LoadBalancer", lb));
            await Put("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", 1, ("LoadBalancer", lb));
            foreach (var i in instances) await Put("CWAgent", "swap_used_percent", 12, ("InstanceId", i));
            // An alarm on a metric with no data: CloudWatch's own state is INSUFFICIENT_DATA (moto has no history to read).
            await cw.PutMetricAlarmAsync(new MetricAlarmRequest("pypi-panels-no-data", new MetricIdentity("PypiKit/Empty", "Nothing", []), "Average", 60, 2,
                1, "GreaterThanThreshold"), ct);
            await cw.SetAlarmStateAsync("pypi-panels-no-data", "INSUFFICIENT_DATA", "no data points", ct); // moto starts new alarms at OK
        }

        var outputs = Path.Combine(fx.Dir, "outputs-panels.json");
        await File.WriteAllTextAsync(outputs, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["ecs_cluster_name"] = cluster, ["ecs_service_name"] = service, ["pypi_load_balancer_arn"] = lbArn,
            ["efs_file_system_id"] = fs, ["instance_ids"] = instances,
            ["alarms"] = new[] { new { name = "pypi-panels-no-data", @namespace = "PypiKit/Empty", metric_name = "Nothing", statistic = "Average", period = 60,
                evaluation_periods = 2, threshold = 1, comparison_operator = "GreaterThanThreshold" } },
        }), ct);
        using var stub = new StubIndex();
        var outDir = Path.Combine(fx.Dir, "panels-" + Guid.NewGuid().ToString("N")[..6]);
        var run = await CliRunner.RunAsync(["burst", "--target", stub.Url, "--profile", "production_incident-local", "--duration", "3",
            "--out", outDir, "--stack-outputs", outputs, "--endpoint-url", fx.Url, "--region", "us-east-1"],
            timeout: TimeSpan.FromSeconds(90), environment: fx.Env());
        Assert.True(run.ExitCode is 0 or 99, run.Stdout + run.Stderr); // 99: the stub index fails the profile's thresholds

        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(Directory.GetFiles(outDir, "burst_*.json").Single(), ct));
        var duration = result.RootElement.GetProperty("duration_seconds").GetDouble();
        var html = await File.ReadAllTextAsync(Directory.GetFiles(outDir, "burst_*.html").Single(), ct);
        Assert.Contains("AWS during the burst", html);
        var alarmRow = AlarmRow().Match(html).Value;
        Assert.Contains("<td>INSUFFICIENT_DATA</td>", alarmRow);
        Assert.Contains("not read", alarmRow); // moto answers DescribeAlarmHistory with an error: said, not shown as "no change"
        var figures = Figure().Matches(html).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsObject()).ToList();
        JsonObject Chart(string titleStart) => figures.Single(f => ((string?)f["layout"]!["title"]?["text"])?.StartsWith(titleStart, StringComparison.Ordinal) == true);

        // The client latency chart and every AWS panel share the axis: seconds since the burst started.
        var latency = Chart("Latency over time");
        Assert.Equal("Time since start (s)", (string?)latency["layout"]!["xaxis"]!["title"]!["text"]);
        var expected = new Dictionary<string, (string Trace, double Value)>
        {
            ["ECS Service - CPU & Memory Utilization"] = ("Memory average", 83),
            ["EFS - Burst Credit Balance"] = ("Burst credit balance", 1.5e12),
            ["EFS - Throughput Utilization"] = ("Percent of I/O limit", 42),
            ["EFS - I/O Bytes"] = ("Data read", 6e6 * 6 / 60), // six 10-s values summed over a 60 s period, per second
            ["ALB - Target Response Time"] = ("Average", 0.4),
            ["ALB - 5XX by source"] = ("ELB 5XX (load balancer)", 18),
            ["Host - Swap used"] = ($"Swap used {instances[0]}", 12),
        };
        foreach (var (title, (traceName, value)) in expected)
        {
            var chart = Chart(title);
            var xaxis = chart["layout"]!["xaxis"]!;
            Assert.Equal("Time since start (s)", (string?)xaxis["title"]!["text"]);
            var range = xaxis["range"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            Assert.Equal(0, range[0]);
            Assert.Equal(duration, range[1], 6);
            var trace = chart["data"]!.AsArray().Select(t => t!.AsObject()).Single(t => (string?)t["name"] == traceName);
            var xs = trace["x"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            var ys = trace["y"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            Assert.NotEmpty(xs);
            Assert.All(xs, x => Assert.InRange(x, 0, duration));
            Assert.Contains(ys, y => Math.Abs(y - value) <= Math.Abs(value) * 1e-9);
        }
        // The ALB chart carries the clients' own p95 on the same axis.
        var alb = Chart("ALB - Target Response Time");
        Assert.Contains(alb["data"]!.AsArray(), t => (string?)t!["name"] == "client p95 (burst)");
    }
}
