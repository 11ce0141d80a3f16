using System.Globalization;

namespace PypiKit.Host;

/// <summary>
/// CPU time of the calling thread from <c>/proc/thread-self/schedstat</c> (its first field: nanoseconds on a CPU), so
/// the sampler's own cost is measured in CPU time, not in wall time that grows when the machine is busy.
/// </summary>
internal static class ThreadCpuTime
{
    /// <summary>Nanoseconds the calling thread has run; null where schedstat is absent (not Linux, or no schedstats).</summary>
    public static long? Nanoseconds()
    {
        try
        {
            var text = File.ReadAllText("/proc/thread-self/schedstat");
            int space = text.IndexOf(' ');
            return long.TryParse(space < 0 ? text.Trim() : text[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var ns) ? ns : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
