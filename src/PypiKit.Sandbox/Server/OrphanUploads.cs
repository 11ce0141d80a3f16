namespace PypiKit.Sandbox.Server;

/// <summary>
/// Temp files of uploads that never finished because their instance was killed (<c>.pypikit-upload-*.tmp</c> in the
/// package root). A server removes those older than a grace period when it starts; younger ones may still be written by
/// another instance sharing the directory (an upload in progress keeps its file's modification time fresh).
/// </summary>
internal static class OrphanUploads
{
    /// <summary>Prefix of every upload temp file (dot-named: invisible to listings).</summary>
    public const string Prefix = ".pypikit-upload-";

    /// <summary>Deletes orphaned upload temp files last written before <paramref name="nowUtc"/> − <paramref name="grace"/>; returns how many.</summary>
    public static int Remove(string root, TimeSpan grace, DateTime nowUtc)
    {
        int removed = 0;
        if (!Directory.Exists(root)) return 0;
        foreach (var path in Directory.EnumerateFiles(root, Prefix + "*.tmp"))
        {
            try
            {
                if (nowUtc - File.GetLastWriteTimeUtc(path) < grace) continue;
                File.Delete(path);
                removed++;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return removed;
    }
}
