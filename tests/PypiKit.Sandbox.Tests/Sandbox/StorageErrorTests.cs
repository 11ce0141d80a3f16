using System.Diagnostics;
using PypiKit.Packages;
using PypiKit.Sandbox.Server;

namespace PypiKit.Sandbox.Tests.Sandbox;

/// <summary>
/// Storage failures answer 5xx with a short reason and no server path, and leave nothing behind: a read-only package
/// directory (a read-only tmpfs as root, a 0555 directory otherwise) gives 503; a full tmpfs gives 507.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Trait("Category", "Slow")]
public sealed class StorageErrorTests
{
    [Fact]
    public async Task A_read_only_package_directory_answers_503_without_a_path()
    {
        var ct = TestContext.Current.CancellationToken;
        using var scratch = new TempDir("pypikit-ro-");
        var dir = scratch.Path;
        bool mounted = false;
        try
        {
            if (IsRoot())
            {
                // root ignores permission bits: only a read-only mount refuses it
                if (!await MountAsync("tmpfs", dir, "ro,size=64k"))
                    Assert.Skip("running as root and mounting a read-only tmpfs is not permitted here: a read-only directory cannot be made");
                mounted = true;
            }
            else File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

            await using var server = await SandboxServer.StartAsync(new SandboxServerOptions { PackagesDirectory = dir, Authenticate = AuthActions.None }, ct);
            using var client = new UploadClient(server.Url);
            var w = WheelBuilder.Build(new WheelSpec("ro-demo", "1.0.0", 4096, 1));
            var r = await client.UploadAsync(w.FileName, w.Content, ct: ct);
            Assert.Equal(503, r.StatusCode);
            Assert.Contains("not writable", r.Body);
            Assert.DoesNotContain(dir, r.Body);
            Assert.DoesNotContain("/", r.Body);
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        }
        finally
        {
            if (mounted) await UnmountAsync(dir);
            else File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task A_full_disk_answers_507_and_leaves_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDir("pypikit-full-");
        var dir = temp.Path;
        if (!await MountAsync("tmpfs", dir, "size=256k"))
            Assert.Skip("mounting a small tmpfs is not permitted on this machine (needs root or CAP_SYS_ADMIN); the full-disk case cannot be made");
        try
        {
            await using var server = await SandboxServer.StartAsync(new SandboxServerOptions { PackagesDirectory = dir, Authenticate = AuthActions.None }, ct);
            using var client = new UploadClient(server.Url);
            var small = WheelBuilder.Build(new WheelSpec("full-demo", "1.0.0", 8 * 1024, 1));
            Assert.True((await client.UploadAsync(small.FileName, small.Content, ct: ct)).Success);
            var big = WheelBuilder.Build(new WheelSpec("full-demo", "2.0.0", 512 * 1024, 2)); // random payload: does not compress
            var r = await client.UploadAsync(big.FileName, big.Content, ct: ct);
            Assert.Equal(507, r.StatusCode);
            Assert.Contains("full", r.Body);
            Assert.DoesNotContain(dir, r.Body);
            Assert.Equal([small.FileName], Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName)); // no temp file left
        }
        finally { await UnmountAsync(dir); }
    }

    private static bool IsRoot() => File.ReadAllLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");

    private static async Task<bool> MountAsync(string type, string dir, string options)
    {
        if (!File.Exists("/bin/mount") && !File.Exists("/usr/bin/mount")) return false;
        var run = await Tools.RunAsync("mount", ["-t", type, "-o", options, type, dir], TimeSpan.FromSeconds(10));
        return run.ExitCode == 0;
    }

    private static async Task UnmountAsync(string dir)
    {
        var run = await Tools.RunAsync("umount", [dir], TimeSpan.FromSeconds(10));
        if (run.ExitCode != 0) { await Task.Delay(500); await Tools.RunAsync("umount", ["-l", dir], TimeSpan.FromSeconds(10)); }
    }
}
