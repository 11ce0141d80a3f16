using System.IO.Compression;
using System.Text;
using PypiKit.Incidents;
using PypiKit.Incidents.Parsers;

namespace PypiKit.Tests.Incidents;

public class ParserTests
{
    private const string FullAlbLine =
        "h2 2025-12-27T16:40:01.123456Z app/pypi/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 1.001 0.000 200 200 34 366 " +
        "\"GET https://pypi.example.com:443/simple/acme-core/ HTTP/2.0\" \"pip/25.3 {\\\"ci\\\":true}\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 " +
        "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337327-72bd00b0343d75b906739c42\" " +
        "\"pypi.example.com\" \"arn:aws:acm:us-west-2:123456789012:certificate/12345678-1234-1234-1234-123456789012\" 1 2025-12-27T16:40:00.122000Z " +
        "\"redirect,forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\" TID_1234abcd5678ef90 \"-\" \"-\" \"-\" \"new-field\"";

    [Fact]
    public void Alb_parser_reads_every_documented_field()
    {
        Assert.True(AlbLogParser.TryParse(FullAlbLine, out var e, out var err), err);
        Assert.Equal("h2", e.Type);
        Assert.Equal(new DateTimeOffset(2025, 12, 27, 16, 40, 1, TimeSpan.Zero).AddTicks(1234560), e.Time);
        Assert.Equal("app/pypi/50dc6c495c0c9188", e.Elb);
        Assert.Equal(("192.168.131.39", 2817), (e.ClientIp, e.ClientPort));
        Assert.Equal(("10.0.0.1:80", "10.0.0.1", 80), (e.Target, e.TargetIp, e.TargetPort!.Value));
        Assert.Equal((0.0, 1.001, 0.0), (e.RequestProcessingTime, e.TargetProcessingTime, e.ResponseProcessingTime));
        Assert.Equal((200, 200), (e.ElbStatusCode!.Value, e.TargetStatusCode!.Value));
        Assert.Equal((34L, 366L), (e.ReceivedBytes, e.SentBytes));
        Assert.Equal(("GET", "https://pypi.example.com:443/simple/acme-core/", "HTTP/2.0"), (e.Method!, e.Url!, e.HttpVersion!));
        Assert.Equal("pip/25.3 {\"ci\":true}", e.UserAgent);
        Assert.Equal(("ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2"), (e.SslCipher!, e.SslProtocol!));
        Assert.EndsWith("targetgroup/my-targets/73e2d6bc24d8a067", e.TargetGroupArn);
        Assert.Equal("Root=1-58337327-72bd00b0343d75b906739c42", e.TraceId);
        Assert.Equal("pypi.example.com", e.DomainName);
        Assert.StartsWith("arn:aws:acm:", e.ChosenCertArn);
        Assert.Equal(1, e.MatchedRulePriority);
        Assert.Equal(new DateTimeOffset(2025, 12, 27, 16, 40, 0, 122, TimeSpan.Zero), e.RequestCreationTime);
        Assert.Equal("redirect,forward", e.ActionsExecuted);
        Assert.Null(e.RedirectUrl);
        Assert.Null(e.ErrorReason);
        Assert.Equal(["10.0.0.1:80"], e.TargetPortList);
        Assert.Equal(["200"], e.TargetStatusCodeList);
        Assert.Null(e.Classification);
        Assert.Equal("TID_1234abcd5678ef90", e.ConnTraceId);
        Assert.Equal(["new-field"], e.ExtraFields);
        Assert.Equal(1.001, e.TotalTime!.Value, 6);
    }

    [Fact]
    public void Alb_parser_handles_minus_one_times_missing_target_and_ipv6_clients()
    {
        var line = "https 2025-12-27T16:40:02.000000Z app/pypi/50dc 2001:db8::7:51234 - -1 -1 -1 503 - 120 326 \"GET https://x:443/ HTTP/1.1\" \"curl/8.5\" - - - \"-\" \"-\" \"-\" 0 2025-12-27T16:40:02.000000Z \"fixed-response\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" -";
        Assert.True(AlbLogParser.TryParse(line, out var e, out var err), err);
        Assert.Equal("2001:db8::7", e.ClientIp);
        Assert.Null(e.Target);
        Assert.Null(e.TargetStatusCode);
        Assert.Equal(-1, e.TargetProcessingTime);
        Assert.Null(e.TotalTime);
        Assert.True(e.IsElbGenerated5xx);
    }

    [Fact]
    public void Alb_strict_mode_names_file_and_line_and_tolerant_mode_counts_rejects()
    {
        var text = FullAlbLine + "\nnot an alb line\n" + FullAlbLine + "\nhttps 2025-13-40T99:00:00Z x 1.2.3.4:1 - 0 0 0 200 200 0 0 \"a\" \"b\"\n";
        var strict = new ParseDiagnostics("x.log", "alb", ParseOptions.Strict);
        var ex = Assert.Throws<IncidentParseException>(() => new AlbTrafficAggregator().AddStream(new MemoryStream(Encoding.UTF8.GetBytes(text)), strict, TestContext.Current.CancellationToken));
        Assert.Equal(2, ex.LineNumber);
        Assert.StartsWith("x.log:2:", ex.Message);

        var tolerant = new ParseDiagnostics("x.log", "alb", ParseOptions.Tolerant);
        var agg = new AlbTrafficAggregator();
        agg.AddStream(new MemoryStream(Encoding.UTF8.GetBytes(text)), tolerant, TestContext.Current.CancellationToken);
        Assert.Equal(2, agg.Requests);
        Assert.Equal([2L, 4L], tolerant.RejectedLineNumbers);
        Assert.Contains("time", tolerant.Rejects[1].Reason);
    }

    [Fact]
    public void Alb_aggregator_counts_minutes_clients_targets_agents_status_and_latency_from_gz()
    {
        var lines = new List<string>();
        for (int i = 0; i < 100; i++)
        {
            string target = i < 70 ? "10.0.0.1:80" : "10.0.0.2:80";
            lines.Add(FullAlbLine.Replace("16:40:01.123456Z", $"16:{40 + i / 50}:{i % 50:00}.000000Z").Replace("192.168.131.39", $"192.168.0.{i % 4}")
                .Replace(" 10.0.0.1:80 0.000 1.001 ", $" {target} 0.000 {(i + 1) / 100.0:0.000} "));
        }
        using var tmp = new TempDir();
        var path = Path.Combine(tmp.Path, "a.log.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest)) gz.Write(Encoding.UTF8.GetBytes(string.Join("\n", lines)));
        var (s, diags) = AlbLogFiles.Aggregate([path], ct: TestContext.Current.CancellationToken);
        Assert.Equal(100, s.Requests);
        Assert.Equal(0, diags[0].Rejected);
        Assert.Equal([50L, 50L], s.PerMinute.Select(m => m.Requests).ToArray());
        Assert.Equal(4, s.Clients.Count);
        Assert.All(s.Clients, c => Assert.Equal(25, c.Requests));
        Assert.Equal(("10.0.0.1:80", 70L), (s.Targets[0].Target, s.Targets[0].Requests));
        Assert.Equal("pip/25.3 {\"ci\":true}", s.UserAgents.Single().Key);
        Assert.Equal(0.50, s.Latency.P50, 2);
        Assert.InRange(s.Latency.P95, 0.94, 0.96);
        Assert.Equal(1.0, s.Latency.Max, 3);
        Assert.Equal(100, s.ElbStatusCodes["200"]);
    }

    [Fact]
    public void Alb_s3_keys_are_understood()
    {
        const string key = "logs/prod/AWSLogs/123456789012/elasticloadbalancing/us-east-2/2022/05/01/123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.1234567890abcdef_20220215T2340Z_172.160.001.192_20sg8hgm.log.gz";
        Assert.True(AlbLogKey.TryParse(key, out var k));
        Assert.Equal(("logs/prod", "123456789012", "us-east-2", new DateOnly(2022, 5, 1)), (k.Prefix, k.AccountId, k.Region, k.Date));
        Assert.Equal("app.my-loadbalancer.1234567890abcdef", k.LoadBalancerId);
        Assert.Equal(new DateTimeOffset(2022, 2, 15, 23, 40, 0, TimeSpan.Zero), k.EndTime);
        Assert.Equal("172.160.001.192", k.NodeIp);
        Assert.False(AlbLogKey.TryParse("AWSLogs/1/elasticloadbalancing/r/2022/13/01/x.log.gz", out _));
        Assert.Equal("p/AWSLogs/1/elasticloadbalancing/us-west-2/2025/12/27/", AlbLogKey.DayPrefix("1", "us-west-2", new DateOnly(2025, 12, 27), "p"));
    }

    [Fact]
    public void Vmstat_with_and_without_timestamps()
    {
        const string withT = """
            procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu----- -----timestamp-----
             r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st                 UTC
             0  0 766000  60416   2048 118784   40   20   100    50  300  500  3  2 90  5  0 2025-12-27 16:35:19
             1  3 766000  60416   2048 118784 6612 2639  7200  2800  900 1500  8  5  3 84  0 2025-12-27 16:35:24
            """;
        var a = VmstatParser.Parse(new StringReader(withT), "v");
        Assert.Equal(new DateTimeOffset(2025, 12, 27, 16, 35, 24, TimeSpan.Zero), a.Value[0].Time);
        Assert.Equal((6612.0, 2639.0, 84.0), (a.Value[0].SwapIn, a.Value[0].SwapOut, a.Value[0].IoWait));

        const string bare = """
            procs -----------memory---------- ---swap-- -----io---- -system-- -------cpu-------
             r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st gu
             0  0      0 500000   2048 118784    0    0     9     9   50   90  5  5 90  0  0  0
             0  0      0 500000   2048 118784    0    0     1     2   50   90  1  1 98  0  0  0
             r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st gu
             0  0      0 500000   2048 118784    0    0     1     2   50   90  2  1 97  0  0  0
            """;
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var b = VmstatParser.Parse(new StringReader(bare), "v", new ParseOptions { StartTime = start, Interval = TimeSpan.FromSeconds(5) });
        // the first row (since boot) is left out; the next rows are one and two intervals after the start
        Assert.Equal([start.AddSeconds(5), start.AddSeconds(10)], b.Value.Select(v => v.Time).ToArray());
        Assert.Equal(0, b.Value[1]["gu"]);
    }

    [Fact]
    public void Free_snapshots_with_ts_iso_and_standalone_timestamps()
    {
        const string text = """
            Dec 27 16:48:24                total        used        free      shared  buff/cache   available
            Dec 27 16:48:24 Mem:             916         731          59           1         126          55
            Dec 27 16:48:24 Swap:           1832         748        1084
            2025-12-27T16:49:24Z Mem:        916         700          80           1         136          90
            2025-12-27T16:49:24Z Swap:      1832         700        1132
            [2025-12-27 16:50:24]
                          total        used        free      shared  buff/cache   available
            Mem:            916         650         100           1         166         150
            -/+ buffers/cache:          500         416
            Swap:          1832         600        1232
            """;
        var p = FreeParser.Parse(new StringReader(text), "f", new ParseOptions { Year = 2025 });
        Assert.Equal(3, p.Value.Count);
        Assert.Equal((916.0, 731.0, 59.0, 55.0, 748.0), (p.Value[0].Total, p.Value[0].Used, p.Value[0].Free, p.Value[0].Available, p.Value[0].SwapUsed));
        Assert.Equal(new DateTimeOffset(2025, 12, 27, 16, 48, 24, TimeSpan.Zero), p.Value[0].Time);
        Assert.Equal(new DateTimeOffset(2025, 12, 27, 16, 49, 24, TimeSpan.Zero), p.Value[1].Time);
        Assert.Equal(new DateTimeOffset(2025, 12, 27, 16, 50, 24, TimeSpan.Zero), p.Value[2].Time);
        Assert.Equal(0, p.Diagnostics.Rejected);
    }

    [Fact]
    public void Sar_tables_in_12_hour_format_keep_cpu_all_and_roll_over_midnight()
    {
        const string text = """
            Linux 6.1.0 (ip-10-0-1-23) 	12/27/2025 	_x86_64_	(2 CPU)

            11:59:00 PM     CPU     %user     %nice   %system   %iowait    %steal     %idle
            11:59:30 PM     all      4.00      0.00      2.00     84.00      0.00     10.00
            11:59:30 PM       0      5.00      0.00      2.00     80.00      0.00     13.00
            12:00:30 AM     all      5.00      0.00      3.00     30.00      0.00     62.00
            Average:        all      4.50      0.00      2.50     57.00      0.00     36.00

            11:59:00 PM  pswpin/s pswpout/s
            11:59:30 PM   1653.00    659.75
            """;
        var p = SarParser.Parse(new StringReader(text), "s");
        var iowait = p.Value.Series.Single(s => s.Name == "sar.%iowait");
        Assert.Equal([84.0, 30.0], iowait.Points.Select(x => x.Value).ToArray());
        Assert.Equal(new DateTimeOffset(2025, 12, 28, 0, 0, 30, TimeSpan.Zero), iowait.Points[1].Time);
        Assert.Equal(1653, p.Value.Series.Single(s => s.Name == "sar.pswpin/s").Points[0].Value);
        Assert.Equal("ip-10-0-1-23", p.Value.Host);
    }

    [Fact]
    public void Iostat_without_timestamps_uses_start_and_interval()
    {
        const string text = """
            Linux 6.1.0 (host) 	12/27/2025 	_x86_64_	(2 CPU)

            avg-cpu:  %user   %nice %system %iowait  %steal   %idle
                       4.00    0.00    2.00   84.00    0.00   10.00

            Device:         rrqm/s   wrqm/s     r/s     w/s    rkB/s    wkB/s avgrq-sz avgqu-sz   await r_await w_await  svctm  %util
            xvda              0.00     1.00  800.00   50.00  6612.00  2639.00    21.00     5.00   12.00   10.00   40.00   1.10  97.00

            avg-cpu:  %user   %nice %system %iowait  %steal   %idle
                       5.00    0.00    2.00   30.00    0.00   63.00

            Device:         rrqm/s   wrqm/s     r/s     w/s    rkB/s    wkB/s avgrq-sz avgqu-sz   await r_await w_await  svctm  %util
            xvda              0.00     1.00   10.00    5.00    40.00    20.00    21.00     0.10    1.00    1.00    1.00   0.50   2.00
            """;
        var start = new DateTimeOffset(2025, 12, 27, 16, 0, 0, TimeSpan.Zero);
        var p = IostatParser.Parse(new StringReader(text), "i", new ParseOptions { StartTime = start, Interval = TimeSpan.FromMinutes(1) });
        Assert.Equal(2, p.Value.Count);
        Assert.Equal(start.AddMinutes(1), p.Value[1].Time);
        Assert.Equal(97.0, p.Value[0].Devices["xvda"]["%util"]);
        Assert.Equal(84.0, IostatParser.ToSeries(p.Value).Single(s => s.Name == "iostat.%iowait").Max);
    }

    [Fact]
    public void Meminfo_mountstats_docker_stats_and_cloudwatch()
    {
        var mem = MeminfoParser.Parse(new StringReader("MemTotal:  937984 kB\nMemFree: 60416 kB\nMemAvailable: 56320 kB\nSwapTotal: 1875968 kB\nSwapFree: 1110016 kB\nHugePages_Total: 0\n"), "m");
        Assert.Equal(916, mem.Value[0].MemTotalMiB);
        Assert.Equal(748, mem.Value[0].SwapUsedMiB);

        const string ms = """
            device fs-1.efs.us-west-2.amazonaws.com:/ mounted on /data/packages with fstype nfs4 statvers=1.1
            	opts:	rw,vers=4.1
            	age:	100
            	per-op statistics
            	        NULL: 0 0 0 0 0 0 0 0 0
            	     GETATTR: 1000 1000 0 180000 240000 20 2000 2100 0
            	      LOOKUP: 500 501 1 90000 120000 10 4000 4200
            """;
        var m = MountstatsParser.Parse(new StringReader(ms), "ms");
        Assert.Equal(0, m.Diagnostics.Rejected);
        var mount = Assert.Single(m.Value);
        Assert.Equal(("/data/packages", "nfs4", 100L), (mount.MountPoint, mount.FsType, mount.AgeSeconds!.Value));
        Assert.Equal(2.0, mount.Op("GETATTR")!.AvgRttMs);
        Assert.Equal(8.0, mount.Op("LOOKUP")!.AvgRttMs);
        Assert.Equal(4.0, mount.AvgRttMs);

        const string ds = """
            CONTAINER ID   NAME                    CPU %     MEM USAGE / LIMIT   MEM %     NET I/O           BLOCK I/O         PIDS
            3f2c1a9b7e40   ecs-pypiserver-1-a      12.34%    127.9MiB / 128MiB   99.92%    1.2MB / 3.4MB     56.7MB / 0B       9
            """;
        var d = DockerStatsParser.Parse(new StringReader(ds), "d");
        var row = Assert.Single(d.Value);
        Assert.Equal(("ecs-pypiserver-1-a", 12.34, 99.92, 9.0), (row.Name, row.CpuPercent, row.MemPercent, row.Pids));
        Assert.Equal(127.9 * 1024 * 1024, row.MemUsageBytes, 0);
        Assert.Equal(56.7e6, row.BlockInBytes, 0);

        const string gmd = """
            {"MetricDataResults": [{"Id": "m1", "Label": "PercentIOLimit", "Timestamps": ["2025-12-27T16:40:00Z", "2025-12-27T16:35:00Z"], "Values": [0.8, 0.2], "StatusCode": "Complete"},
                                   {"Id": "bad", "Label": "X", "Timestamps": ["2025-12-27T16:40:00Z"], "Values": []}]}
            """;
        var cw = CloudWatchJsonParser.Parse(gmd, "cw.json", ParseOptions.Tolerant);
        var s = Assert.Single(cw.Value);
        Assert.Equal(("cloudwatch.PercentIOLimit", "Percent", 0.2), (s.Name, s.Unit, s.Points[0].Value));
        Assert.Equal(2, cw.Diagnostics.RejectedLineNumbers.Single());

        const string gms = """{"Label": "BurstCreditBalance", "Datapoints": [{"Timestamp": "2025-12-27T16:35:00Z", "Average": 2.3e12, "Minimum": 2.29e12, "Unit": "Bytes"}]}""";
        var st = CloudWatchJsonParser.Parse(gms, "s.json");
        Assert.Contains(st.Value, x => x.Name == "cloudwatch.BurstCreditBalance.Average" && x.Unit == "Bytes" && x.Points[0].Value == 2.3e12);
        var broken = CloudWatchJsonParser.Parse("{\n  \"MetricDataResults\": [\n  oops\n]}", "b.json", ParseOptions.Tolerant);
        Assert.Equal(3, broken.Diagnostics.RejectedLineNumbers.Single());
        Assert.Throws<IncidentParseException>(() => CloudWatchJsonParser.Parse("{", "c.json"));
    }
}
