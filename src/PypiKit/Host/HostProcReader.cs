namespace PypiKit.Host;

/// <summary>
/// Reads one <see cref="HostSnapshot"/> from a /proc tree. The root is a parameter so tests point it at a folder of
/// synthetic files. A file that is absent or unreadable (a process that exited, a kernel without PSI, another user's
/// /proc/&lt;pid&gt;/io) leaves its part null and is named in <see cref="HostSnapshot.Missing"/>; nothing throws.
/// </summary>
public sealed class HostProcReader(string procRoot = HostProcReader.DefaultRoot)
{
    public const string DefaultRoot = "/proc";

    public string ProcRoot { get; } = procRoot;

    public HostSnapshot Read(DateTimeOffset time, IReadOnlyList<int> pids)
    {
        var missing = new List<string>();
        var processes = new List<ProcessSnapshot>(pids.Count);
        foreach (var pid in pids)
        {
            var p = ReadProcess(pid, missing);
            if (p is not null) processes.Add(p);
        }
        return new HostSnapshot
        {
            Time = time,
            Memory = Parse("meminfo", ProcParsers.MemInfo, missing),
            Swap = Parse("vmstat", ProcParsers.Vmstat, missing),
            Pressure = Parse("pressure/memory", ProcParsers.Pressure, missing),
            Cpu = Parse("stat", ProcParsers.Cpu, missing),
            Processes = processes,
            Missing = missing,
        };
    }

    private ProcessSnapshot? ReadProcess(int pid, List<string> missing)
    {
        var stat = Parse($"{pid}/stat", ProcParsers.PidStat, missing);
        if (stat is not { } s) return null;
        var status = ReadText($"{pid}/status");
        if (status is null) { missing.Add($"{pid}/status"); return null; }
        var io = Parse($"{pid}/io", ProcParsers.Io, missing);
        return new ProcessSnapshot(pid, s.Name, ProcParsers.VmRssBytes(status), s.CpuTicks, io);
    }

    private T? Parse<T>(string relative, Func<string, T?> parser, List<string> missing)
    {
        var text = ReadText(relative);
        var value = text is null ? default : parser(text);
        if (value is null) missing.Add(relative);
        return value;
    }

    private string? ReadText(string relative)
    {
        try { return File.ReadAllText(Path.Combine(ProcRoot, relative)); }
        catch (IOException) { return null; }                 // absent, or the process exited mid-read (ESRCH)
        catch (UnauthorizedAccessException) { return null; } // another user's /proc/<pid>/io
    }
}
