using PypiKit.Sandbox.Server;

namespace PypiKit.Sandbox.Tests.Sandbox;

/// <summary>Temp files of uploads cut off by a killed instance are removed when a server starts, once older than the grace period.</summary>
[Trait("Category", "Slow")]
public sealed class OrphanCleanupTests
{
    [Fact]
    public async Task Old_upload_temp_files_are_removed_at_start_and_fresh_ones_kept()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDir("pypikit-orphans-");
        var dir = temp.Path;
        var old = Path.Combine(dir, ".pypikit-upload-0123456789abcdef0123456789abcdef.tmp");
        var oldAsc = Path.Combine(dir, ".pypikit-upload-00000000000000000000000000000000.asc.tmp");
        var fresh = Path.Combine(dir, ".pypikit-upload-fedcba9876543210fedcba9876543210.tmp");
        var other = Path.Combine(dir, ".someone-else.tmp");
        foreach (var f in new[] { old, oldAsc, fresh, other }) await File.WriteAllTextAsync(f, "partial", ct);
        var longAgo = DateTime.UtcNow - TimeSpan.FromHours(2);
        foreach (var f in new[] { old, oldAsc, other }) File.SetLastWriteTimeUtc(f, longAgo);

        await using (var server = await SandboxServer.StartAsync(new SandboxServerOptions { PackagesDirectory = dir }, ct)) { }

        Assert.False(File.Exists(old));
        Assert.False(File.Exists(oldAsc));
        Assert.True(File.Exists(fresh)); // may still be written by another instance sharing the directory
        Assert.True(File.Exists(other)); // not ours
    }
}
