using System.Runtime.InteropServices;

namespace PypiKit.Sandbox.Server;

/// <summary>
/// Gives a finished temporary file its final name only if no file has that name yet, atomically, also between
/// processes sharing the directory (the tasks of one EFS volume): a hard link (<c>link(2)</c> fails with EEXIST when the
/// name is taken; the file appears whole, never half written), then the temporary name is removed. .NET's
/// <c>File.Move(…, overwrite: false)</c> is not this: on Linux it checks for the name and then calls <c>rename(2)</c>,
/// which replaces a file created in between, so two concurrent uploads of one name could both succeed.
/// Where hard links are not possible (Windows, or a file system without them) the platform's move is used: Windows'
/// MoveFileEx without REPLACE_EXISTING fails when the name exists; elsewhere the check and the rename stay two steps.
/// </summary>
internal static class ExclusivePublish
{
    private const int EEXIST = 17; // Linux and macOS alike

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string created);

    /// <summary>Publishes <paramref name="temp"/> as <paramref name="final"/>; false (temp left in place) when the name is taken.</summary>
    public static bool TryPublish(string temp, string final)
    {
        if (!OperatingSystem.IsWindows())
        {
            if (Link(temp, final) == 0)
            {
                try { File.Delete(temp); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // a leftover temp name: the orphan sweep removes it
                return true;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EEXIST) return false;
            // EXDEV, EPERM, ENOTSUP, ENOSYS, EMLINK…: no hard link here; the move below is the fallback
        }
        try
        {
            File.Move(temp, final, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(final))
        {
            return false;
        }
    }
}
