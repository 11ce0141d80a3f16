namespace PypiKit.TestConventions;

/// <summary>
/// A test's scratch directory: created fresh under the system's temp path (name = <paramref name="prefix"/> and a random
/// suffix), removed with everything in it on dispose. A removal that fails (a process still holding a file) is left to
/// the OS's temp cleaning rather than failing the test that already passed or failed on its own.
/// </summary>
internal sealed class TempDir(string prefix = "pypikit-test-") : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("n")[..12])).FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (DirectoryNotFoundException) { }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
