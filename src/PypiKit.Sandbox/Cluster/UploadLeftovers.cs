namespace PypiKit.Sandbox;

/// <summary>
/// Upload temp files an instance killed mid-upload leaves in the shared package directory
/// (<c>.pypikit-upload-*.tmp</c>, as the upload handler names them). Removed when instances start, once older than a
/// grace period, so that a live upload of another instance sharing the directory is never touched.
/// </summary>
public static class UploadLeftovers
{
    public const string Pattern = ".pypikit-upload-*.tmp";

    /// <summary>Deletes leftovers last written more than <paramref name="grace"/> ago; returns how many went.</summary>
    public static int RemoveStale(string directory, TimeSpan grace, DateTime? nowUtc = null)
    {
        if (!Directory.Exists(directory)) return 0;
        var cutoff = (nowUtc ?? DateTime.UtcNow) - grace;
        int removed = 0;
        foreach (var f in Directory.EnumerateFiles(directory, Pattern))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(f) >= cutoff) continue;
                File.Delete(f);
                removed++;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return removed;
    }
}
