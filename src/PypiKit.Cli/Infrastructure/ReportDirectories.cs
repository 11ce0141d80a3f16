namespace PypiKit.Cli;

/// <summary>Output folders checked before any work starts.</summary>
internal static class ReportDirectories
{
    /// <summary>
    /// Checks, before any work, that reports can be written under <paramref name="directory"/>: it, or the nearest folder
    /// above it that exists, must be a writable directory (a probe file is written there and removed; nothing is created
    /// until the reports are written); otherwise one line naming <paramref name="flag"/> (exit 2). Returns the directory.
    /// </summary>
    public static string CheckWritable(string directory, string flag)
    {
        try
        {
            var full = Path.GetFullPath(directory);
            var existing = full;
            while (!Directory.Exists(existing))
            {
                if (File.Exists(existing)) throw new IOException($"'{existing}' is a file, not a directory");
                existing = Path.GetDirectoryName(existing) ?? throw new IOException("no existing folder above it");
            }
            var probe = Path.Combine(existing, $".pypikit-write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return directory;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidInputException(flag, $"{flag} '{directory}': cannot write reports there ({e.Message})");
        }
    }

}
