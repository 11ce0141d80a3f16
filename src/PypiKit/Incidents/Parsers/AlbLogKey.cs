using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PypiKit.Incidents.Parsers;

/// <summary>
/// The S3 key layout ALB writes its access logs under:
/// <c>[prefix/]AWSLogs/&lt;account&gt;/elasticloadbalancing/&lt;region&gt;/yyyy/mm/dd/&lt;account&gt;_elasticloadbalancing_&lt;region&gt;_app.&lt;lb-name&gt;.&lt;lb-id&gt;_&lt;end-time yyyyMMddTHHmmZ&gt;_&lt;node-ip&gt;_&lt;random&gt;.log.gz</c>.
/// Works on S3 keys and on local copies of them (path separators '/' or '\').
/// </summary>
public sealed record AlbLogKey(string Prefix, string AccountId, string Region, DateOnly Date, string LoadBalancerId,
    DateTimeOffset EndTime, string NodeIp, string RandomString, string FileName)
{
    public static bool TryParse(string key, [NotNullWhen(true)] out AlbLogKey? parsed)
    {
        parsed = null;
        var parts = key.Replace('\\', '/').Split('/');
        int a = Array.LastIndexOf(parts, "AWSLogs");
        if (a < 0 || parts.Length - a != 8 || parts[a + 2] != "elasticloadbalancing") return false;
        string account = parts[a + 1], region = parts[a + 3], file = parts[a + 7];
        if (!int.TryParse(parts[a + 4], NumberStyles.None, CultureInfo.InvariantCulture, out int y)
            || !int.TryParse(parts[a + 5], NumberStyles.None, CultureInfo.InvariantCulture, out int m)
            || !int.TryParse(parts[a + 6], NumberStyles.None, CultureInfo.InvariantCulture, out int d)
            || m is < 1 or > 12 || d < 1 || y < 2000 || d > DateTime.DaysInMonth(y, m)) return false;
        var name = file.EndsWith(".log.gz", StringComparison.Ordinal) ? file[..^7] : file.EndsWith(".log", StringComparison.Ordinal) ? file[..^4] : null;
        if (name is null) return false;
        var head = $"{account}_elasticloadbalancing_{region}_";
        if (!name.StartsWith(head, StringComparison.Ordinal)) return false;
        var rest = name[head.Length..].Split('_');
        if (rest.Length != 4) return false;
        if (!DateTimeOffset.TryParseExact(rest[1], "yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end)) return false;
        parsed = new AlbLogKey(string.Join('/', parts[..a]), account, region, new DateOnly(y, m, d), rest[0], end, rest[2], rest[3], file);
        return true;
    }

    /// <summary>The S3 key prefix under which one day's logs of an account and region live.</summary>
    public static string DayPrefix(string accountId, string region, DateOnly date, string? prefix = null) =>
        $"{(string.IsNullOrEmpty(prefix) ? "" : prefix.TrimEnd('/') + "/")}AWSLogs/{accountId}/elasticloadbalancing/{region}/{date:yyyy'/'MM'/'dd}/";
}

/// <summary>Finds and reads ALB access-log files in a local directory tree (an S3 sync of the log bucket, or loose files).</summary>
public static class AlbLogFiles
{
    /// <summary>
    /// Every *.log / *.log.gz under <paramref name="directory"/> that is in the S3 layout or whose first line looks like an
    /// ALB entry, ordered by the key's end time (then by path).
    /// </summary>
    public static IReadOnlyList<string> Find(string directory)
    {
        if (!Directory.Exists(directory)) throw new InvalidInputException(directory, $"directory not found: {directory}");
        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".log", StringComparison.Ordinal) || p.EndsWith(".log.gz", StringComparison.Ordinal))
            .Select(p => (Path: p, Key: AlbLogKey.TryParse(Path.GetRelativePath(directory, p), out var k) ? k : null))
            .Where(x => x.Key is not null || LooksLikeAlb(x.Path))
            .OrderBy(x => x.Key?.EndTime ?? DateTimeOffset.MinValue).ThenBy(x => x.Path, StringComparer.Ordinal)
            .Select(x => x.Path).ToArray();
    }

    /// <summary>
    /// Whether the file starts with an ALB request type (http, https, h2, grpcs, ws, wss) — only its first bytes are read.
    /// A gzip damaged that early counts as a log, so that reading it reports the damage instead of skipping it.
    /// </summary>
    public static bool LooksLikeAlb(string path)
    {
        try
        {
            using var s = IncidentFiles.OpenRead(path);
            Span<byte> head = stackalloc byte[16];
            int n = 0, r;
            while (n < head.Length && (r = s.Read(head[n..])) > 0) n += r;
            int sp = head[..n].IndexOf((byte)' ');
            if (sp <= 0) return false;
            var type = System.Text.Encoding.ASCII.GetString(head[..sp]);
            return AlbFields.IsRequestType(type);
        }
        catch (DamagedInputException) { return true; }
        catch (InvalidDataException) { return false; }
    }

    /// <summary>Aggregates every file; one <see cref="ParseDiagnostics"/> per file.</summary>
    public static (AlbTrafficSummary Summary, IReadOnlyList<ParseDiagnostics> Diagnostics) Aggregate(
        IEnumerable<string> files, ParseOptions? options = null, AlbAggregationOptions? aggregation = null, CancellationToken ct = default)
    {
        options = (options ?? ParseOptions.Strict).Validate();
        var agg = new AlbTrafficAggregator(aggregation);
        var diags = new List<ParseDiagnostics>();
        foreach (var f in files)
        {
            var d = new ParseDiagnostics(f, AlbLogParser.Format, options);
            using var s = IncidentFiles.OpenRead(f);
            agg.AddStream(s, d, ct);
            diags.Add(d);
        }
        return (agg.ToSummary(), diags);
    }
}
