using System.Globalization;

namespace PypiKit.Host;

/// <summary>
/// Pure parsers of the /proc text formats the host sampler reads (proc(5)). Each returns null when the text lacks
/// the fields it needs, so a truncated or foreign file reads as "unavailable", never as zero.
/// </summary>
internal static class ProcParsers
{
    private const long KiB = 1024;

    /// <summary>/proc/meminfo: MemAvailable, SwapTotal, SwapFree (kB there, bytes here).</summary>
    public static MemorySnapshot? MemInfo(string text)
    {
        long? available = null, swapTotal = null, swapFree = null;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("MemAvailable:")) available = KibField(line);
            else if (line.StartsWith("SwapTotal:")) swapTotal = KibField(line);
            else if (line.StartsWith("SwapFree:")) swapFree = KibField(line);
        }
        return available is { } a && swapTotal is { } t && swapFree is { } f ? new MemorySnapshot(a, t, f) : null;
    }

    /// <summary>/proc/vmstat: pswpin and pswpout (pages).</summary>
    public static SwapCounters? Vmstat(string text)
    {
        long? pagesIn = null, pagesOut = null;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("pswpin ")) pagesIn = Long(line["pswpin ".Length..]);
            else if (line.StartsWith("pswpout ")) pagesOut = Long(line["pswpout ".Length..]);
            if (pagesIn is not null && pagesOut is not null) break;
        }
        return pagesIn is { } i && pagesOut is { } o ? new SwapCounters(i, o) : null;
    }

    /// <summary>/proc/pressure/memory: "some avg10=… total=…" and (kernels ≥ 4.20 with full) "full avg10=… total=…".</summary>
    public static PressureSnapshot? Pressure(string text)
    {
        (double Avg10, long Total)? some = null, full = null;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("some ")) some = PressureLine(line);
            else if (line.StartsWith("full ")) full = PressureLine(line);
        }
        return some is { } s ? new PressureSnapshot(s.Avg10, s.Total, full?.Avg10, full?.Total) : null;
    }

    /// <summary>
    /// /proc/stat first line "cpu  user nice system idle iowait irq softirq steal guest guest_nice": the total is the
    /// first eight columns (guest time is already inside user and nice).
    /// </summary>
    public static CpuTimes? Cpu(string text)
    {
        var line = FirstLine(text.AsSpan());
        if (!line.StartsWith("cpu ")) return null;
        Span<long> v = stackalloc long[8];
        int n = 0;
        foreach (var range in line["cpu".Length..].Split(' '))
        {
            var part = line["cpu".Length..][range];
            if (part.IsEmpty) continue;
            if (n == 8) break;
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out v[n])) return null;
            n++;
        }
        if (n < 5) return null;
        long total = 0;
        for (int i = 0; i < n; i++) total += v[i];
        return new CpuTimes(total, v[3], v[4]);
    }

    /// <summary>/proc/&lt;pid&gt;/status: VmRSS (kB there, bytes here); null for a kernel thread or a zombie.</summary>
    public static long? VmRssBytes(string text)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
            if (line.StartsWith("VmRSS:")) return KibField(line);
        return null;
    }

    /// <summary>
    /// /proc/&lt;pid&gt;/stat: the command name (between the first '(' and the last ')', as it may hold spaces and
    /// parentheses) and utime + stime (fields 14 and 15, clock ticks).
    /// </summary>
    public static (string Name, long CpuTicks)? PidStat(string text)
    {
        int open = text.IndexOf('('), close = text.LastIndexOf(')');
        if (open < 0 || close < open) return null;
        var rest = text.AsSpan(close + 1);
        long? utime = null, stime = null;
        int field = 2; // the text after ')' starts with field 3 (state)
        foreach (var range in rest.Split(' '))
        {
            var part = rest[range];
            if (part.IsEmpty) continue;
            field++;
            if (field == 14) utime = Long(part);
            else if (field == 15) { stime = Long(part); break; }
        }
        return utime is { } u && stime is { } s ? (text[(open + 1)..close], u + s) : null;
    }

    /// <summary>/proc/&lt;pid&gt;/io: rchar, wchar, read_bytes, write_bytes.</summary>
    public static IoCounters? Io(string text)
    {
        long? rchar = null, wchar = null, readBytes = null, writeBytes = null;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("rchar:")) rchar = Long(line["rchar:".Length..]);
            else if (line.StartsWith("wchar:")) wchar = Long(line["wchar:".Length..]);
            else if (line.StartsWith("read_bytes:")) readBytes = Long(line["read_bytes:".Length..]);
            else if (line.StartsWith("write_bytes:")) writeBytes = Long(line["write_bytes:".Length..]);
        }
        return rchar is { } rc && wchar is { } wc && readBytes is { } rb && writeBytes is { } wb ? new IoCounters(rb, wb, rc, wc) : null;
    }

    private static (double Avg10, long Total)? PressureLine(ReadOnlySpan<char> line)
    {
        double? avg10 = null;
        long? total = null;
        foreach (var range in line.Split(' '))
        {
            var part = line[range];
            if (part.StartsWith("avg10=") && double.TryParse(part["avg10=".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out var a)) avg10 = a;
            else if (part.StartsWith("total=")) total = Long(part["total=".Length..]);
        }
        return avg10 is { } x && total is { } t ? (x, t) : null;
    }

    private static long? KibField(ReadOnlySpan<char> line)
    {
        var value = line[(line.IndexOf(':') + 1)..].Trim();
        if (value.EndsWith(" kB")) value = value[..^3];
        return Long(value) * KiB;
    }

    private static long? Long(ReadOnlySpan<char> s) =>
        long.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static ReadOnlySpan<char> FirstLine(ReadOnlySpan<char> s)
    {
        int nl = s.IndexOf('\n');
        return nl < 0 ? s : s[..nl];
    }
}
