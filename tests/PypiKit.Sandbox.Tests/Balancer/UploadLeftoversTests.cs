namespace PypiKit.Sandbox.Tests.Balancer;

[Trait("Category", "Slow")]
public class UploadLeftoversTests
{
    [Fact]
    // Each instance removes them as its server starts (SandboxServerOptions.OrphanUploadGraceSeconds, 10 min by default).
    public async Task Starting_a_cluster_removes_upload_temp_files_older_than_the_grace_period_only()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDir("pypikit-leftovers-");
        var dir = temp.Path;
        var stale = Path.Combine(dir, ".pypikit-upload-0123456789abcdef.tmp");
        var fresh = Path.Combine(dir, ".pypikit-upload-fedcba9876543210.tmp"); // another instance's upload in progress
        var wheel = Path.Combine(dir, "keep-1.0-py3-none-any.whl");
        foreach (var f in new[] { stale, fresh, wheel }) await File.WriteAllTextAsync(f, "x", ct);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow - TimeSpan.FromHours(1));
        File.SetLastWriteTimeUtc(wheel, DateTime.UtcNow - TimeSpan.FromHours(1));

        await using (await SandboxCluster.StartAsync(new SandboxClusterOptions
        { Instances = 1, PackagesDirectory = dir }, ct)) { }

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
        Assert.True(File.Exists(wheel));
    }
}
