using System.Diagnostics;

namespace PypiKit.Notebooks.Kernels;

/// <summary>
/// The processes a notebook's cells started (a sandbox cluster's instances, pip, twine): on Linux the descendants of
/// this process found through <c>/proc</c>. An interrupted run stops them, so Ctrl+C leaves nothing running.
/// </summary>
public static class ChildProcesses
{
    /// <summary>Ids of this process's descendants (empty where <c>/proc</c> is missing).</summary>
    public static IReadOnlyList<int> Descendants()
    {
        if (!Directory.Exists("/proc")) return [];
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1]);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException) { }
        }
        var result = new List<int>();
        var frontier = new Queue<int>([Environment.ProcessId]);
        while (frontier.TryDequeue(out var parent))
            foreach (var (pid, ppid) in parents)
                if (ppid == parent) { result.Add(pid); frontier.Enqueue(pid); }
        return result;
    }

    /// <summary>Kills every descendant (with its own children); returns how many were stopped.</summary>
    public static int StopAll()
    {
        var stopped = 0;
        foreach (var pid in Descendants())
        {
            try
            {
                using var p = Process.GetProcessById(pid);
                p.Kill(entireProcessTree: true);
                stopped++;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { }
        }
        return stopped;
    }
}
