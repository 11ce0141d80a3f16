using PypiKit.Incidents;
using PypiKit.Incidents.Parsers;

namespace PypiKit.Tests.Incidents;

/// <summary>
/// Captures in the formats the tools print (sar -q, sar -n NFS/NFSD, vmstat -w -t, iostat -x -t, free -s, ALB), each with
/// the damage real captures carry; every test names exactly which line numbers are rejected.
/// </summary>
public class CaptureFormatTests
{
    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public void Sar_q_load_table_parses_strictly()
    {
        var text = Lines(
            "Linux 6.1.0-1029-aws (ip-10-0-1-23) \t12/27/2025 \t_x86_64_\t(2 CPU)",
            "",
            "04:35:01 PM   runq-sz  plist-sz   ldavg-1   ldavg-5  ldavg-15   blocked",
            "04:36:01 PM         3       245      2.52      1.31      0.90         1",
            "04:37:01 PM         5       250      3.10      1.80      1.00         2",
            "Average:            4       247      2.81      1.55      0.95         1");
        var p = SarParser.Parse(new StringReader(text), "sar-q.txt", ParseOptions.Strict);
        Assert.Equal(0, p.Diagnostics.Rejected);
        var ld = p.Value.Series.Single(s => s.Name == "sar.ldavg-1");
        Assert.Equal([2.52, 3.10], ld.Points.Select(x => x.Value));
        Assert.Equal(new DateTimeOffset(2025, 12, 27, 16, 36, 1, TimeSpan.Zero), ld.Points[0].Time);
        Assert.Equal([3.0, 5.0], p.Value.Series.Single(s => s.Name == "sar.runq-sz").Points.Select(x => x.Value));
        Assert.Equal("ip-10-0-1-23", p.Value.Host);
    }

    [Fact]
    public void Sar_n_nfs_and_nfsd_tables_parse_strictly()
    {
        var text = Lines(
            "Linux 6.1.0-1029-aws (ip-10-0-1-23) \t12/27/2025 \t_x86_64_\t(2 CPU)",
            "",
            "04:35:01 PM    call/s retrans/s    read/s   write/s  access/s  getatt/s",
            "04:36:01 PM    120.00      0.00     80.00      2.00     10.00     20.00",
            "04:37:01 PM    640.00      1.00    500.00      4.00     60.00     70.00",
            "Average:       380.00      0.50    290.00      3.00     35.00     45.00",
            "",
            "04:35:01 PM   scall/s badcall/s  packet/s     udp/s     tcp/s     hit/s    miss/s   sread/s  swrite/s saccess/s sgetatt/s",
            "04:36:01 PM      0.00      0.00      0.00      0.00      0.00      0.00      0.00      0.00      0.00      0.00      0.00",
            "Average:         0.00      0.00      0.00      0.00      0.00      0.00      0.00      0.00      0.00      0.00      0.00");
        var p = SarParser.Parse(new StringReader(text), "sar-n-nfs.txt", ParseOptions.Strict);
        Assert.Equal(0, p.Diagnostics.Rejected);
        Assert.Equal([80.0, 500.0], p.Value.Series.Single(s => s.Name == "sar.read/s").Points.Select(x => x.Value));
        Assert.Equal([1.0], p.Value.Series.Single(s => s.Name == "sar.retrans/s").Points.Skip(1).Select(x => x.Value));
        Assert.Single(p.Value.Series.Single(s => s.Name == "sar.scall/s").Points);
        Assert.Equal("/s", p.Value.Series.Single(s => s.Name == "sar.call/s").Unit);
    }

    [Fact]
    public void Sar_header_cut_short_is_rejected_alone_and_the_rows_after_it_are_read()
    {
        var text = Lines(
            "Linux 6.1.0 (web-1) \t12/27/2025 \t_x86_64_\t(2 CPU)",   // 1
            "",                                                        // 2
            "04:35:01 PM   runq-sz  plist-sz   ldavg-1   ldavg-5  ldavg-15   blocked", // 3
            "04:36:01 PM         3       245      2.52      1.31      0.90         1", // 4
            "04:37:01 PM   runq-sz  plist-sz   ldav",                  // 5 damaged repeat
            "04:38:01 PM         5       250      3.10      1.80      1.00         2", // 6
            "04:39:01 PM         5       250      3.10",                // 7 row cut short
            "04:40:01 PM         6       251      3.20      1.90      1.10         0"); // 8
        var p = SarParser.Parse(new StringReader(text), "sar-q.txt", ParseOptions.Tolerant);
        Assert.Equal([5L, 7L], p.Diagnostics.RejectedLineNumbers);
        Assert.Contains("damaged sar header", p.Diagnostics.Rejects[0].Reason);
        Assert.Equal(3, p.Value.Series.Single(s => s.Name == "sar.ldavg-1").Points.Count);
    }

    private const string VmstatGroupWide = "--procs-- -----------------------memory---------------------- ---swap-- -----io---- -system-- -------cpu------- -----timestamp-----";
    private const string VmstatHeaderWide = "   r    b         swpd         free         buff        cache   si   so    bi    bo   in   cs  us  sy  id  wa  st  gu                 UTC";

    private static string VmRow(int si, string time) =>
        $"   1    0       365432       114367         2496       183223 {si,4}    0    12     8   50   90   2   1  96   1   0   0 2025-12-27 {time}";

    [Fact]
    public void Vmstat_wide_timestamped_skips_repeated_headers_drops_the_since_boot_row_and_rejects_only_damaged_lines()
    {
        var text = Lines(
            VmstatGroupWide,                                   // 1
            VmstatHeaderWide,                                  // 2
            VmRow(999, "16:35:00"),                            // 3 since boot: left out
            VmRow(10, "16:35:05"),                             // 4
            VmRow(20, "16:35:10"),                             // 5
            VmstatGroupWide,                                   // 6 repeated
            VmstatHeaderWide,                                  // 7 repeated
            VmRow(30, "16:35:15"),                             // 8
            "   r    b         swpd         free   buff  cac",  // 9 damaged repeat of the header
            VmRow(40, "16:35:20"),                             // 10
            VmRow(50, "16:35:25"),                             // 11
            "   1    0       365432       114367",             // 12 row cut short
            VmRow(60, "16:35:30"),                             // 13
            "--procs-- -------memo",                           // 14 damaged group header
            VmRow(70, "16:35:35"));                            // 15
        var p = VmstatParser.Parse(new StringReader(text), "vmstat.txt", ParseOptions.Tolerant);
        Assert.Equal([9L, 12L, 14L], p.Diagnostics.RejectedLineNumbers);
        Assert.Equal([10.0, 20, 30, 40, 50, 60, 70], p.Value.Select(v => v.SwapIn));
        Assert.Equal(new DateTimeOffset(2025, 12, 27, 16, 35, 5, TimeSpan.Zero), p.Value[0].Time);
        Assert.Equal(0, p.Value[0]["gu"]);
        Assert.Contains(p.Diagnostics.Notes, n => n.StartsWith("line 3:", StringComparison.Ordinal) && n.Contains("since boot"));
    }

    [Fact]
    public void Vmstat_first_header_damaged_resynchronises_on_the_next_valid_header()
    {
        var text = Lines(
            "procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----", // 1
            " r  b   swpd   free   bu",                                                          // 2 damaged
            " 1  1 365432 114367   2496 183223  231   92   390   269  410  670  6  4 54 36  0",  // 3 no header yet
            " r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st",   // 4
            " 1  1 365432 114367   2496 183223  231   92   390   269  410  670  6  4 54 36  0",  // 5 since boot
            " 1  1 365432 114367   2496 183223  258   92   390   269  410  670  6  4 54 36  0"); // 6
        var p = VmstatParser.Parse(new StringReader(text), "vmstat.txt", ParseOptions.Tolerant with { StartTime = DateTimeOffset.UnixEpoch, Interval = TimeSpan.FromSeconds(5) });
        Assert.Equal([2L, 3L], p.Diagnostics.RejectedLineNumbers);
        Assert.Equal(258, Assert.Single(p.Value).SwapIn);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(5), p.Value[0].Time);
    }

    private const string IostatDevices = "Device            r/s     rkB/s   rrqm/s  %rrqm r_await rareq-sz     w/s     wkB/s   wrqm/s  %wrqm w_await wareq-sz  aqu-sz  %util";
    private const string IostatRow = "nvme0n1         10.00    400.00     0.00   0.00    5.00    40.00    2.00     16.00     0.00   0.00    1.00     8.00    0.05   4.00";

    [Fact]
    public void Iostat_garbled_avg_cpu_line_rejects_only_itself()
    {
        var text = Lines(
            "Linux 6.1.0 (web-1) \t12/27/2025 \t_x86_64_\t(2 CPU)",          // 1
            "",                                                               // 2
            "12/27/2025 04:35:24 PM",                                         // 3
            "avg-cpu:  %user   %nice %system %iowait  %steal   %idle",        // 4
            "           5.00    0.00    3.00   30.00    0.00   62.00",        // 5
            "",                                                               // 6
            IostatDevices,                                                    // 7
            IostatRow,                                                        // 8
            "",                                                               // 9
            "12/27/2025 04:35:29 PM",                                         // 10
            "avg-cpu:  %user   %ni#e%sys@@",                                  // 11 garbled
            "           6.00    0.00    4.00   40.00    0.00   50.00",        // 12
            "",                                                               // 13
            "Devic#  r/s",                                                    // 14 garbled device header
            IostatRow,                                                        // 15
            "");
        var p = IostatParser.Parse(new StringReader(text), "iostat.txt", ParseOptions.Tolerant);
        Assert.Equal([11L, 14L], p.Diagnostics.RejectedLineNumbers);
        Assert.Equal(2, p.Value.Count);
        Assert.Equal(40, p.Value[1].Cpu["%iowait"]);
        Assert.Equal(4, p.Value[1].Devices["nvme0n1"]["%util"]);
        Assert.Equal(new DateTimeOffset(2025, 12, 27, 16, 35, 29, TimeSpan.Zero), p.Value[1].Time);
    }

    private const string Free = "               total        used        free      shared  buff/cache   available";

    private static string FreeSnapshots() => Lines(
        Free, "Mem:             916         623         112           1         181         163", "Swap:           1832         357        1475", "",
        Free, "Mem:             916         700          40           1         176          90", "Swap:           1832         500        1332");

    [Fact]
    public void Untimed_free_s_needs_a_start_time()
    {
        var strict = Assert.Throws<InvalidInputException>(() => FreeParser.Parse(new StringReader(FreeSnapshots()), "free.txt", ParseOptions.Strict));
        Assert.Contains("--start", strict.Message);
        var tolerant = FreeParser.Parse(new StringReader(FreeSnapshots()), "free.txt", ParseOptions.Tolerant);
        Assert.Empty(tolerant.Value);
        Assert.Contains("without time stamps", tolerant.Diagnostics.Problem);

        var start = new DateTimeOffset(2025, 12, 27, 16, 35, 0, TimeSpan.Zero);
        var placed = FreeParser.Parse(new StringReader(FreeSnapshots()), "free.txt", ParseOptions.Strict with { StartTime = start, Interval = TimeSpan.FromSeconds(60) });
        Assert.Equal([start, start.AddSeconds(60)], placed.Value.Select(f => f.Time));
        Assert.Null(placed.Diagnostics.Problem);
    }

    internal const string AlbLine =
        "h2 2025-12-27T16:40:01.123456Z app/pypi/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 1.001 0.000 200 200 34 366 " +
        "\"GET https://pypi.example.com:443/simple/acme-core/ HTTP/2.0\" \"pip/25.3\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 " +
        "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337327-72bd00b0343d75b906739c42\" " +
        "\"pypi.example.com\" \"arn:aws:acm:us-west-2:123456789012:certificate/12345678\" 1 2025-12-27T16:40:00.122000Z " +
        "\"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\" TID_1234abcd5678ef90";

    [Fact]
    public void Merged_alb_lines_are_one_counted_reject_in_the_aggregator_and_the_parser()
    {
        var text = Lines(AlbLine, AlbLine + AlbLine, AlbLine);
        var d = new ParseDiagnostics("merged.log", AlbLogParser.Format, ParseOptions.Tolerant);
        var agg = new AlbTrafficAggregator();
        agg.AddStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), d, TestContext.Current.CancellationToken);
        Assert.Equal([2L], d.RejectedLineNumbers);
        Assert.Contains("lost newline", d.Rejects[0].Reason);
        Assert.Equal(2, agg.ToSummary().Requests);

        Assert.False(AlbLogParser.TryParse(AlbLine + AlbLine, out _, out var error));
        Assert.Contains("lost newline", error);
        Assert.True(AlbLogParser.TryParse(AlbLine, out _, out var ok), ok);
        var parsed = AlbLogParser.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)),
            new ParseDiagnostics("merged.log", AlbLogParser.Format, ParseOptions.Tolerant), TestContext.Current.CancellationToken).Count();
        Assert.Equal(2, parsed);
    }
}
