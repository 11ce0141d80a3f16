using System.IO.Compression;
using System.Text;
using PypiKit.Incidents;
using PypiKit.Incidents.Parsers;

namespace PypiKit.Tests.Incidents;

/// <summary>
/// 100,000 randomly corrupted lines across the parsers (tolerant mode): nothing crashes, and every rejected line is
/// reported with its number (for the stateless ALB parsers: exactly the lines that fail on their own).
/// </summary>
public class FuzzTests
{
    private static readonly string Dir = IncidentTestData.Dataset20251227;
    private const string Noise = "\"\\:-%./ \t0123456789abcxyzAMPMé€\u0000-1";

    private static string Corrupt(string line, Random r)
    {
        var s = new StringBuilder(line);
        int ops = r.Next(1, 4);
        for (int k = 0; k < ops; k++)
        {
            int pos = s.Length == 0 ? 0 : r.Next(s.Length);
            switch (r.Next(9))
            {
                case 0: if (s.Length > 0) s.Remove(pos, 1); break;
                case 1: s.Insert(pos, Noise[r.Next(Noise.Length)]); break;
                case 2: if (s.Length > 0) s[pos] = Noise[r.Next(Noise.Length)]; break;
                case 3: s.Length = pos; break;
                case 4:
                    {
                        var tok = s.ToString().Split(' ');
                        if (tok.Length > 2) { int a = r.Next(tok.Length), b = r.Next(tok.Length); (tok[a], tok[b]) = (tok[b], tok[a]); s.Clear().Append(string.Join(' ', tok)); }
                        break;
                    }
                case 5:
                    {
                        var tok = s.ToString().Split(' ');
                        if (tok.Length > 1) { int a = r.Next(tok.Length); tok[a] = r.Next(3) switch { 0 => "NaN", 1 => "-", _ => "99999999999999999999999" }; s.Clear().Append(string.Join(' ', tok)); }
                        break;
                    }
                case 6: { var tok = s.ToString().Split(' '); var l = tok.ToList(); if (l.Count > 0) l.Insert(r.Next(l.Count), l[r.Next(l.Count)]); s.Clear().Append(string.Join(' ', l)); break; }
                case 7: s.Clear(); break;
                default: break; // leave as is
            }
        }
        return s.ToString();
    }

    private static List<string> Feed(IReadOnlyList<string> keep, IReadOnlyList<string> body, int n, Random r)
    {
        var lines = new List<string>(keep);
        for (int i = 0; lines.Count < n; i++) lines.Add(Corrupt(body[i % body.Count], r));
        return lines;
    }

    private static string[] Lines(string file) => File.ReadAllLines(Path.Combine(Dir, file));

    private static void AssertReported(ParseDiagnostics d, long lines)
    {
        Assert.Equal(lines, d.LinesRead);
        Assert.True(d.Rejected > 0, $"{d.Format}: the fuzzer produced no reject");
        var nums = d.RejectedLineNumbers;
        Assert.Equal(nums.Count, d.Rejects.Count);
        Assert.All(nums, n => Assert.InRange(n, 1, lines));
        Assert.Equal(nums.Count, nums.Distinct().Count());
        Assert.All(d.Rejects, x => Assert.False(string.IsNullOrWhiteSpace(x.Reason)));
    }

    [Fact]
    public void Hundred_thousand_corrupted_lines_never_crash_and_every_reject_has_its_line_number()
    {
        var r = new Random(12345);
        long total = 0;
        var tol = ParseOptions.Tolerant with { Year = 2025, StartTime = new DateTimeOffset(2025, 12, 27, 16, 35, 24, TimeSpan.Zero) };

        // ALB: 30,000 lines through the aggregator, 10,000 through the full parser; rejects must be exactly the lines that fail alone.
        var albSample = new List<string>();
        foreach (var f in AlbLogFiles.Find(Path.Combine(Dir, "alb")))
        {
            using var s = IncidentFiles.OpenRead(f);
            using var sr = new StreamReader(s);
            while (sr.ReadLine() is { } l) albSample.Add(l);
        }
        var alb = Feed([], albSample, 30_000, r);
        var bytes = alb.Select(Encoding.UTF8.GetBytes).ToList();
        for (int i = 0; i < bytes.Count; i += 97) if (bytes[i].Length > 10) bytes[i][r.Next(bytes[i].Length)] = 0xFF; // invalid UTF-8
        var joined = bytes.SelectMany(b => b.Append((byte)'\n')).ToArray();
        var d1 = new ParseDiagnostics("fuzz-alb", "alb", tol);
        new AlbTrafficAggregator().AddStream(new MemoryStream(joined), d1, TestContext.Current.CancellationToken);
        var expected = new List<long>();
        for (int i = 0; i < bytes.Count; i++) if (bytes[i].Length > 0 && new AlbTrafficAggregator().AddLine(bytes[i]) is not null) expected.Add(i + 1);
        Assert.Equal(expected, d1.RejectedLineNumbers);
        AssertReported(d1, alb.Count);
        total += alb.Count;

        var albFull = Feed([], albSample, 10_000, r);
        var d2 = new ParseDiagnostics("fuzz-alb-full", "alb", tol);
        var entries = AlbLogParser.Read(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", albFull) + "\n")), d2, TestContext.Current.CancellationToken).Count();
        var expectedFull = albFull.Select((l, i) => (l, i)).Where(x => x.l.Length > 0 && !AlbLogParser.TryParse(x.l, out _, out _)).Select(x => (long)x.i + 1).ToList();
        Assert.Equal(expectedFull, d2.RejectedLineNumbers);
        Assert.Equal(albFull.Count(l => l.Length > 0) - expectedFull.Count, entries);
        AssertReported(d2, albFull.Count);
        total += albFull.Count;

        // Host tools: keep the headers that give the parsers their state, corrupt everything else.
        var vm = Lines("vmstat.txt");
        var v = Feed(vm[..2], vm[2..], 10_000, r);
        AssertReported(VmstatParser.Parse(new StringReader(string.Join("\n", v) + "\n"), "fuzz-vmstat", tol).Diagnostics, v.Count);
        var fr = Lines("free-m.txt");
        var f2 = Feed([], fr, 10_000, r);
        AssertReported(FreeParser.Parse(new StringReader(string.Join("\n", f2) + "\n"), "fuzz-free", tol).Diagnostics, f2.Count);
        var sar = Lines("sar-u.txt");
        var s2 = Feed(sar[..3], sar[3..^2], 10_000, r);
        AssertReported(SarParser.Parse(new StringReader(string.Join("\n", s2) + "\n"), "fuzz-sar", tol).Diagnostics, s2.Count);
        var io = Lines("iostat-x.txt");
        var i2 = Feed(io[..2], io[2..], 10_000, r);
        AssertReported(IostatParser.Parse(new StringReader(string.Join("\n", i2) + "\n"), "fuzz-iostat", tol).Diagnostics, i2.Count);
        var mi = Lines("meminfo.txt");
        var m2 = Feed([], mi, 5_000, r);
        AssertReported(MeminfoParser.Parse(new StringReader(string.Join("\n", m2) + "\n"), "fuzz-meminfo", tol).Diagnostics, m2.Count);
        var ms = Lines("mountstats.txt");
        var ms2 = Feed([], ms, 5_000, r);
        AssertReported(MountstatsParser.Parse(new StringReader(string.Join("\n", ms2) + "\n"), "fuzz-mountstats", tol).Diagnostics, ms2.Count);
        var dk = Lines("docker-stats.txt");
        var dk2 = Feed(dk[..2], dk[2..], 10_000, r);
        AssertReported(DockerStatsParser.Parse(new StringReader(string.Join("\n", dk2) + "\n"), "fuzz-docker", tol).Diagnostics, dk2.Count);
        total += v.Count + f2.Count + s2.Count + i2.Count + m2.Count + ms2.Count + dk2.Count;
        Assert.Equal(100_000, total);

        // CloudWatch JSON: 200 corrupted documents; each either parses or reports a line number inside the document.
        var cw = File.ReadAllText(Path.Combine(Dir, "cloudwatch", "efs.json"));
        for (int k = 0; k < 200; k++)
        {
            var doc = string.Join("\n", cw.Split('\n').Select(l => r.Next(10) == 0 ? Corrupt(l, r) : l));
            var p = CloudWatchJsonParser.Parse(doc, "fuzz.json", tol);
            Assert.All(p.Diagnostics.RejectedLineNumbers, n => Assert.InRange(n, 1, doc.Count(c => c == '\n') + 1));
        }
    }

    [Fact]
    public void Corrupted_gzip_is_bad_input_not_a_crash()
    {
        using var tmp = new TempDir();
        var path = Path.Combine(tmp.Path, "broken.log.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest)) gz.Write(new byte[100_000]);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var ex = Record.Exception(() => AlbLogFiles.Aggregate([path], ParseOptions.Tolerant, ct: TestContext.Current.CancellationToken));
        Assert.True(ex is null or InvalidDataException or IOException, ex?.GetType().Name);
    }
}
