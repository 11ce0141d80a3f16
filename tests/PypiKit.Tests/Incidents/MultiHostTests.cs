using PypiKit.Incidents;

namespace PypiKit.Tests.Incidents;

/// <summary>A capture of two hosts (hosts/&lt;name&gt;/… and CloudWatch per InstanceId) keeps each host's series and names the host in verdicts.</summary>
public class MultiHostTests
{
    private static string Vmstat(int si, int wa)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu----- -----timestamp-----\n");
        sb.Append(" r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st                 UTC\n");
        for (int i = 0; i < 13; i++)
        {
            int s = i < 3 ? 0 : si, w = i < 3 ? 1 : wa;
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $" 1  1 365432 114367   2496 183223 {s,4} {s / 2,4}   390   269  410  670  6  4 {89 - w,2} {w,2}  1 2025-12-27 16:{35 + i}:00\n");
        }
        return sb.ToString();
    }

    private static void Write(string dir, string rel, string text)
    {
        var p = Path.Combine(dir, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, text);
    }

    internal static TempDir TwoHosts()
    {
        var dir = new TempDir();
        Write(dir.Path, "host.json", """{"instance_type": "t3.micro", "memory_mib": 916}""");
        Write(dir.Path, "hosts/web-1/host.json", """{"instance_id": "i-0aaa1111bbbb2222c"}""");
        Write(dir.Path, "hosts/web-2/host.json", """{"instance_id": "i-0ddd3333eeee4444f"}""");
        Write(dir.Path, "hosts/web-1/vmstat.txt", Vmstat(3000, 45));
        Write(dir.Path, "hosts/web-2/vmstat.txt", Vmstat(0, 1));
        Write(dir.Path, "cloudwatch/ec2.json", """
            {"MetricDataResults": [
              {"Id": "a", "Label": "CPUUtilization i-0aaa1111bbbb2222c", "Timestamps": ["2025-12-27T16:35:00Z", "2025-12-27T16:40:00Z"], "Values": [20, 30], "StatusCode": "Complete"},
              {"Id": "b", "Label": "CPUUtilization i-0ddd3333eeee4444f", "Timestamps": ["2025-12-27T16:35:00Z", "2025-12-27T16:40:00Z"], "Values": [5, 6], "StatusCode": "Complete"}
            ]}
            """);
        return dir;
    }

    [Fact]
    public void Each_host_keeps_its_own_series_and_the_merged_timeline_names_them()
    {
        using var dir = TwoHosts();
        var data = IncidentLoader.Load(dir.Path, ParseOptions.Strict, ct: TestContext.Current.CancellationToken);
        Assert.Equal(["web-1", "web-2"], data.HostNames);
        Assert.Equal(3000, data.Timeline.Get("vmstat.si@web-1")!.Max);
        Assert.Equal(0, data.Timeline.Get("vmstat.si@web-2")!.Max);
        Assert.Equal(12, data.Timeline.Get("vmstat.si@web-1")!.Points.Count);
        Assert.Equal(12, data.Timeline.Get("vmstat.si@web-2")!.Points.Count);
        Assert.Equal([20.0, 30], data.Timeline.Get("cloudwatch.CPUUtilization@web-1")!.Points.Select(p => p.Value));
        Assert.Equal([5.0, 6], data.Timeline.Get("cloudwatch.CPUUtilization@web-2")!.Points.Select(p => p.Value));
        Assert.Null(data.Timeline.Get("vmstat.si"));

        var web2 = data.ForHost("web-2");
        Assert.Equal(0, web2.Timeline.Get("vmstat.si")!.Max);
        Assert.Equal("i-0ddd3333eeee4444f", web2.Host.InstanceId);
        Assert.Equal("t3.micro", web2.Host.InstanceType);
    }

    [Fact]
    public void Verdicts_name_the_host_where_the_finding_holds()
    {
        using var dir = TwoHosts();
        var a = IncidentAnalyzer.Analyze(dir.Path, ParseOptions.Strict, ct: TestContext.Current.CancellationToken);
        var mem = a.Diagnosis.Get("memory-pressure")!;
        Assert.Equal(["web-1"], mem.Hosts);
        Assert.StartsWith("web-1: ", mem.Summary);
        Assert.Contains("web-2: ruled out", mem.Summary);
        Assert.All(mem.For, e => Assert.StartsWith("[web-1] ", e.Source));
        Assert.All(a.Diagnosis.Verdicts, v => Assert.NotEmpty(v.Hosts));
    }
}
