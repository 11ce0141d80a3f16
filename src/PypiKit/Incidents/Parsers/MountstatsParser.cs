namespace PypiKit.Incidents.Parsers;

/// <summary>
/// Per-operation NFS client statistics (the "per-op statistics" block): operations, transmissions, major timeouts,
/// bytes sent/received and the cumulative queue, round-trip and execute times in milliseconds.
/// </summary>
public sealed record NfsOpStats(string Op, long Ops, long Transmissions, long MajorTimeouts, long BytesSent, long BytesReceived,
    long QueueMs, long RttMs, long ExecuteMs, long Errors)
{
    public double AvgRttMs => Ops == 0 ? 0 : (double)RttMs / Ops;
    public double AvgExecuteMs => Ops == 0 ? 0 : (double)ExecuteMs / Ops;

    /// <summary>What happened between an earlier snapshot and this one.</summary>
    public NfsOpStats Minus(NfsOpStats e) => new(Op, Ops - e.Ops, Transmissions - e.Transmissions, MajorTimeouts - e.MajorTimeouts,
        BytesSent - e.BytesSent, BytesReceived - e.BytesReceived, QueueMs - e.QueueMs, RttMs - e.RttMs, ExecuteMs - e.ExecuteMs, Errors - e.Errors);
}

/// <summary>One NFS mount in /proc/self/mountstats (non-NFS mounts are listed without ops).</summary>
public sealed record NfsMountStats(DateTimeOffset? Time, string Device, string MountPoint, string FsType, long? AgeSeconds,
    IReadOnlyList<NfsOpStats> Ops)
{
    public NfsOpStats? Op(string name) => Ops.FirstOrDefault(o => o.Op == name);
    public long TotalOps => Ops.Sum(o => o.Ops);
    /// <summary>RTT averaged over every operation, ms.</summary>
    public double AvgRttMs => TotalOps == 0 ? 0 : (double)Ops.Sum(o => o.RttMs) / TotalOps;
    public double AvgExecuteMs => TotalOps == 0 ? 0 : (double)Ops.Sum(o => o.ExecuteMs) / TotalOps;

    /// <summary>Per-op differences from an earlier snapshot of the same mount.</summary>
    public NfsMountStats Minus(NfsMountStats earlier) => this with
    {
        Ops = Ops.Select(o => earlier.Op(o.Op) is { } e ? o.Minus(e) : o).ToArray(),
    };
}

/// <summary>
/// <c>/proc/self/mountstats</c> (also one or more snapshots in one file: a line holding only a timestamp dates the mounts
/// after it). Reads "device X mounted on Y with fstype Z", "age:", and the per-op table of NFS mounts
/// (8 numbers per op; a 9th, errors, on kernels ≥ 5.x).
/// </summary>
public static class MountstatsParser
{
    public const string Format = "mountstats";

    public static Parsed<IReadOnlyList<NfsMountStats>> Parse(TextReader reader, string source, ParseOptions? options = null)
    {
        options = (options ?? ParseOptions.Strict).Validate();
        var diag = new ParseDiagnostics(source, Format, options);
        var result = new List<NfsMountStats>();
        DateTimeOffset? time = null;
        string? device = null, mount = null, fstype = null;
        long? age = null;
        List<NfsOpStats>? ops = null;
        bool inOps = false;
        void Flush()
        {
            if (device is not null) result.Add(new NfsMountStats(time, device, mount!, fstype!, age, ops?.ToArray() ?? Array.Empty<NfsOpStats>()));
            device = null; ops = null; age = null; inOps = false;
        }
        foreach (var (n, line) in IncidentFiles.Lines(reader, diag))
        {
            diag.LinesRead++;
            var t = line.Trim();
            if (t.Length == 0) continue;
            if (t.StartsWith("device ", StringComparison.Ordinal))
            {
                Flush();
                var tok = Tokens.Split(t);
                int on = Array.IndexOf(tok, "on"), fs = Array.IndexOf(tok, "fstype");
                if (tok.Length < 7 || tok[2] != "mounted" || on != 3 || fs < 5 || fs + 1 >= tok.Length)
                { diag.Reject(n, "expected 'device D mounted on M with fstype T'", line); continue; }
                device = tok[1]; mount = tok[4]; fstype = tok[fs + 1];
                diag.Accepted++;
                continue;
            }
            if (device is null)
            {
                if (LooseTime.TryParse(t, options, out var ts)) { time = ts; continue; }
                diag.Reject(n, "line outside a 'device …' block", line);
                continue;
            }
            if (t.StartsWith("age:", StringComparison.Ordinal))
            {
                if (long.TryParse(t[4..].Trim(), out var a) && a >= 0) { age = a; diag.Accepted++; }
                else diag.Reject(n, "age: is not a number", line);
                continue;
            }
            if (t == "per-op statistics") { inOps = true; ops = new(); diag.Accepted++; continue; }
            if (inOps)
            {
                int colon = t.IndexOf(':');
                if (colon > 0 && t[..colon].All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'))
                {
                    var nums = Tokens.Split(t[(colon + 1)..]);
                    var v = new long[nums.Length];
                    bool ok = nums.Length is 8 or 9;
                    for (int i = 0; ok && i < nums.Length; i++) ok = long.TryParse(nums[i], out v[i]) && v[i] >= 0;
                    if (!ok) { diag.Reject(n, $"per-op line for {t[..colon]} needs 8 or 9 non-negative integers", line); continue; }
                    ops!.Add(new NfsOpStats(t[..colon], v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], nums.Length == 9 ? v[8] : 0));
                    diag.Accepted++;
                    continue;
                }
                if (LooseTime.TryParse(t, options, out var ts2)) { Flush(); time = ts2; continue; }
                diag.Reject(n, "per-op line must be 'OPNAME: n n n n n n n n [n]'", line);
                continue;
            }
            // other mount lines (opts:, caps:, sec:, events:, bytes:, RPC iostats, xprt:) are accepted as-is
            int c2 = t.IndexOf(':');
            if (c2 > 0) { diag.Accepted++; continue; }
            if (LooseTime.TryParse(t, options, out var ts3)) { Flush(); time = ts3; continue; }
            diag.Reject(n, "unrecognised mountstats line", line);
        }
        Flush();
        return new(result, diag);
    }

    public static Parsed<IReadOnlyList<NfsMountStats>> ParseFile(string path, ParseOptions? options = null)
    {
        using var r = IncidentFiles.OpenText(path);
        return Parse(r, path, options);
    }
}
