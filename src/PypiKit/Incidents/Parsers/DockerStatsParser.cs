using System.Globalization;
using PypiKit.Series;

namespace PypiKit.Incidents.Parsers;

/// <summary>One container row of <c>docker stats --no-stream</c>; sizes in bytes, NaN where the column was absent.</summary>
public sealed record DockerStatsRow(DateTimeOffset? Time, string? ContainerId, string Name, double CpuPercent, double MemUsageBytes,
    double MemLimitBytes, double MemPercent, double NetInBytes, double NetOutBytes, double BlockInBytes, double BlockOutBytes, double Pids);

/// <summary>
/// <c>docker stats --no-stream</c> in the default table or a <c>--format 'table …'</c> subset (columns found by header:
/// CONTAINER ID / CONTAINER, NAME, CPU %, MEM USAGE / LIMIT, MEM %, NET I/O, BLOCK I/O, PIDS). Sizes use docker's units
/// (B, kB, MB, GB, KiB, MiB, GiB). Several snapshots may follow each other; a line holding only a timestamp, or a
/// timestamp prefix on the header, dates the rows after it.
/// </summary>
public static class DockerStatsParser
{
    public const string Format = "docker-stats";

    public static Parsed<IReadOnlyList<DockerStatsRow>> Parse(TextReader reader, string source, ParseOptions? options = null)
    {
        options = (options ?? ParseOptions.Strict).Validate();
        var diag = new ParseDiagnostics(source, Format, options);
        var rows = new List<DockerStatsRow>();
        List<string>? header = null;
        DateTimeOffset? time = null;
        int prefixLen = 0;
        foreach (var (n, line) in IncidentFiles.Lines(reader, diag))
        {
            diag.LinesRead++;
            if (line.Trim().Length == 0) continue;
            int h = line.IndexOf("CONTAINER", StringComparison.Ordinal);
            if (h < 0) { int nm = line.IndexOf("NAME", StringComparison.Ordinal); if (nm >= 0 && line.Contains("CPU %", StringComparison.Ordinal)) h = nm; }
            if (h >= 0 && line.Contains("CPU %", StringComparison.Ordinal))
            {
                prefixLen = 0;
                if (h > 0)
                {
                    if (!LooseTime.TryParse(line.AsSpan(0, h), options, out var pt)) { diag.Reject(n, $"unreadable timestamp prefix '{line[..h].Trim()}'", line); header = null; continue; }
                    time = pt; prefixLen = h;
                }
                header = Tokens.SplitColumns(line[h..]);
                continue;
            }
            if (header is null)
            {
                if (LooseTime.TryParse(line, options, out var st)) { time = st; continue; }
                diag.Reject(n, "row before a docker stats header", line);
                continue;
            }
            var body = prefixLen > 0 && line.Length > prefixLen ? line[prefixLen..] : line;
            var cells = Tokens.SplitColumns(body);
            if (cells.Count != header.Count)
            {
                if (LooseTime.TryParse(line, options, out var st2)) { time = st2; header = null; continue; }
                diag.Reject(n, $"expected {header.Count} columns, found {cells.Count}", line);
                continue;
            }
            string? Cell(params string[] names) { foreach (var nme in names) { int i = header.IndexOf(nme); if (i >= 0) return cells[i]; } return null; }
            var name = Cell("NAME") ?? Cell("CONTAINER", "CONTAINER ID");
            if (string.IsNullOrWhiteSpace(name)) { diag.Reject(n, "no container name", line); continue; }
            string? error = null;
            double cpu = Pct(Cell("CPU %"), "CPU %", ref error);
            var (mu, ml) = Pair(Cell("MEM USAGE / LIMIT"), "MEM USAGE / LIMIT", ref error);
            double mp = Pct(Cell("MEM %"), "MEM %", ref error);
            var (ni, no) = Pair(Cell("NET I/O"), "NET I/O", ref error);
            var (bi, bo) = Pair(Cell("BLOCK I/O"), "BLOCK I/O", ref error);
            double pids = double.NaN;
            var pc = Cell("PIDS");
            if (pc is not null && pc != "--" && !LooseTime.TryNumber(pc, out pids)) error ??= $"PIDS is not a number: '{pc}'";
            if (error is not null) { diag.Reject(n, error, line); continue; }
            rows.Add(new DockerStatsRow(time, Cell("CONTAINER ID", "CONTAINER"), name, cpu, mu, ml, mp, ni, no, bi, bo, pids));
            diag.Accepted++;
        }
        return new(rows, diag);
    }

    private static double Pct(string? s, string col, ref string? error)
    {
        if (s is null || s == "--") return double.NaN;
        if (s.EndsWith('%') && LooseTime.TryNumber(s[..^1], out var v) && v >= 0) return v;
        error ??= $"{col} is not a percentage: '{s}'";
        return double.NaN;
    }

    private static (double, double) Pair(string? s, string col, ref string? error)
    {
        if (s is null || s == "--") return (double.NaN, double.NaN);
        var parts = s.Split(" / ");
        if (parts.Length == 2 && TryBytes(parts[0], out var a) && TryBytes(parts[1], out var b)) return (a, b);
        error ??= $"{col} is not 'size / size': '{s}'";
        return (double.NaN, double.NaN);
    }

    /// <summary>Parses docker's human sizes: "127.9MiB", "1.2MB", "0B", "56.7kB".</summary>
    public static bool TryBytes(string s, out double bytes)
    {
        bytes = 0;
        s = s.Trim();
        int i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
        if (i == 0 || !double.TryParse(s[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return false;
        double mult = s[i..] switch
        {
            "B" or "" => 1,
            "kB" or "KB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            "KiB" => 1024,
            "MiB" => 1024 * 1024,
            "GiB" => 1024d * 1024 * 1024,
            "TiB" => 1024d * 1024 * 1024 * 1024,
            _ => double.NaN,
        };
        if (double.IsNaN(mult)) return false;
        bytes = v * mult;
        return true;
    }

    public static Parsed<IReadOnlyList<DockerStatsRow>> ParseFile(string path, ParseOptions? options = null)
    {
        using var r = IncidentFiles.OpenText(path);
        return Parse(r, path, options);
    }

    /// <summary>docker.&lt;name&gt;.cpu (%) and docker.&lt;name&gt;.mem (MiB) for dated rows.</summary>
    public static IReadOnlyList<TimeSeries> ToSeries(IReadOnlyList<DockerStatsRow> rows)
    {
        var b = new SeriesBuilder();
        foreach (var r in rows.Where(r => r.Time is not null))
        {
            if (!double.IsNaN(r.CpuPercent)) b.Add($"docker.{r.Name}.cpu", "Percent", r.Time!.Value, r.CpuPercent);
            if (!double.IsNaN(r.MemUsageBytes)) b.Add($"docker.{r.Name}.mem", "MiB", r.Time!.Value, r.MemUsageBytes / 1048576);
        }
        return b.Build();
    }
}
