using System.Globalization;
using System.Text;

namespace PypiKit.Incidents.Datasets;

/// <summary>
/// Writes a large, valid synthetic ALB access log (every field) for benchmarks: 500 client IPs, 12 targets, pip/poetry/uv
/// user agents, one request every ~2 ms over consecutive hours, mixed statuses with a few -1 times. Seeded; fast (one
/// reusable buffer), so a 1 GB file takes seconds.
/// </summary>
public static class SyntheticAlbLog
{
    /// <summary>
    /// Writes about <paramref name="targetBytes"/> bytes of log lines to <paramref name="path"/> (replaced if it exists)
    /// and returns the bytes written. The lines go to <c>path.partial</c> first, renamed when complete; cancelled or
    /// failed, that file is removed and <paramref name="path"/> is left as it was.
    /// </summary>
    public static long Write(string path, long targetBytes, int seed = 42, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        if (targetBytes <= 0) throw new InvalidInputException("size", "size must be positive.");
        var rng = new Random(seed);
        // written under a temporary name and renamed when complete: an interrupted run leaves no short file that looks whole
        var full = Path.GetFullPath(path);
        var partial = full + ".partial";
        try
        {
            long bytes = WriteLines(partial, targetBytes, rng, progress, ct);
            File.Move(partial, full, overwrite: true);
            return bytes;
        }
        catch
        {
            try { File.Delete(partial); } catch (IOException) { } // (its directory may not exist: the first error is the one to report)
            throw;
        }
    }

    private static long WriteLines(string path, long targetBytes, Random rng, IProgress<long>? progress, CancellationToken ct)
    {
        var ips = Enumerable.Range(0, 500).Select(_ => $"{rng.Next(3, 223)}.{rng.Next(256)}.{rng.Next(256)}.{rng.Next(1, 255)}").ToArray();
        var targets = Enumerable.Range(0, 12).Select(i => $"10.0.{i / 4}.{20 + i}:{32768 + i * 3}").ToArray();
        string[] uas = ["pip/25.3", "poetry/2.1.3", "uv/0.9.2", "pip/24.0", "Python-urllib/3.12", "twine/6.1.0"];
        string[] paths = ["/simple/acme-core/", "/simple/acme-http/", "/simple/", "/packages/acme_core-1.4.2-py3-none-any.whl",
            "/simple/ledger-client/", "/packages/ledger_client-0.9.0.tar.gz", "/acme-core/", "/simple/data-pipeline/"];
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var sb = new StringBuilder(1024);
        var t = new DateTime(2026, 1, 5, 8, 0, 0, DateTimeKind.Utc);
        long written = 0, lines = 0;
        var buf = new byte[4096];
        var inv = CultureInfo.InvariantCulture;
        while (written < targetBytes)
        {
            t = t.AddTicks(rng.Next(5_000, 35_000));
            var created = t.AddMilliseconds(-rng.Next(1, 900));
            int r = rng.Next(1000);
            string tgt = targets[rng.Next(targets.Length)];
            bool timeout = r < 3;
            string elb = timeout ? "504" : r < 6 ? "502" : r < 40 ? "404" : r < 120 ? "303" : r < 130 ? "401" : "200";
            string tstatus = timeout || elb == "502" ? "-" : elb;
            string tp = timeout || elb == "502" ? "-1" : (rng.Next(1, 900_000) / 1e6).ToString("0.000", inv);
            string rp = timeout || elb == "502" ? "-1" : "0.000";
            sb.Clear();
            sb.Append(inv, $"https {t:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'} app/pypiserver-alb/5f3a1c2d9e8b7a60 {ips[rng.Next(ips.Length)]}:{rng.Next(1024, 65535)} {tgt} ");
            sb.Append(inv, $"0.00{rng.Next(10)} {tp} {rp} {elb} {tstatus} {rng.Next(150, 400)} {rng.Next(200, 900_000)} ");
            sb.Append(inv, $"\"GET https://pypi.example.internal:443{paths[rng.Next(paths.Length)]} HTTP/1.1\" \"{uas[rng.Next(uas.Length)]}\" ");
            sb.Append(inv, $"TLS_AES_128_GCM_SHA256 TLSv1.3 arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/pypiserver/6d0ecf831eec9f09 ");
            sb.Append(inv, $"\"Root=1-{rng.Next():x8}-{rng.NextInt64():x16}{rng.Next():x8}\" \"pypi.example.internal\" \"arn:aws:acm:us-west-2:123456789012:certificate/8f6a2c1e-4b3d-4e5f-9a7b-0c1d2e3f4a5b\" 0 ");
            sb.Append(inv, $"{created:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'} \"forward\" \"-\" \"-\" \"{tgt}\" \"{tstatus}\" \"-\" \"-\" TID_{rng.NextInt64():x16}\n");
            int n = Encoding.UTF8.GetBytes(sb.ToString(), buf);
            fs.Write(buf, 0, n);
            written += n;
            if ((++lines & 0xFFFF) == 0) { progress?.Report(written); ct.ThrowIfCancellationRequested(); }
        }
        return written;
    }
}
