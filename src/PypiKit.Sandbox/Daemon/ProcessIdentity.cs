using System.Globalization;

namespace PypiKit.Sandbox.Daemon;

/// <summary>
/// Who a process is, beyond its id (which the kernel reuses): its start time in clock ticks after boot (field 22 of
/// <c>/proc/&lt;pid&gt;/stat</c>) and its command line. A recorded identity matches a running process only when all
/// three agree, so a signal never reaches a process that merely inherited a recorded pid.
/// </summary>
public sealed record ProcessIdentity(int Pid, long StartTime, string Command)
{
    /// <summary>The identity of the running process <paramref name="pid"/>; null when it is gone or cannot be read.</summary>
    public static ProcessIdentity? Of(int pid)
    {
        if (pid <= 0) return null;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var start = ParseStartTime(stat);
            if (start is null) return null;
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").TrimEnd('\0').Replace('\0', ' ');
            return new ProcessIdentity(pid, start.Value, cmdline);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Field 22 (starttime) of a <c>/proc/&lt;pid&gt;/stat</c> line; fields are counted after the command name in parentheses, which may hold spaces.</summary>
    public static long? ParseStartTime(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0) return null;
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state), so field 22 is fields[19]
        return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : null;
    }

    /// <summary>True when this process still runs: same pid, start time and command line.</summary>
    public bool IsRunning() => Of(Pid) is { } now && now.StartTime == StartTime && now.Command == Command;
}
