using PypiKit.Packages;

namespace PypiKit.Sandbox.Tests.Sandbox;

/// <summary>Real pip and twine against a 2-instance cluster (simple-dir, -a download,list,update, bcrypt htpasswd).</summary>
[Trait("Category", "Slow")]
public class PipTwineTests
{
    [Fact]
    public async Task Pip_downloads_and_installs_from_the_cluster()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDir("pypikit-pip-");
        var work = temp.Path;
        await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions { Instances = 2 }, ct);
        var corpus = await Corpus.GenerateAsync(new CorpusOptions { ProjectCount = 10 }, Path.Combine(work, "corpus"), ct: ct);
        using var upload = cluster.CreateUploadClient();
        var results = await Corpus.UploadAsync(corpus, upload, ct: ct);
        Assert.All(results, r => Assert.True(r.Success, $"{r.FileName}: {r.StatusCode} {r.Body}"));

        var dl = Path.Combine(work, "dl");
        var run = await Tools.RunAsync("python3", ["-m", "pip", "download", "--no-deps", "--no-cache-dir", "-d", dl,
            "--index-url", cluster.AuthenticatedIndexUrl, "test-package-007==1.1.0"], TimeSpan.FromSeconds(90));
        Assert.True(run.ExitCode == 0, run.All);
        var downloaded = Assert.Single(Directory.GetFiles(dl));
        Assert.Equal("test_package_007-1.1.0-py3-none-any.whl", Path.GetFileName(downloaded));
        Assert.Equal(corpus.Files.Single(f => f.FileName == "test_package_007-1.1.0-py3-none-any.whl").Sha256,
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(downloaded, ct))));

        var target = Path.Combine(work, "target");
        run = await Tools.RunAsync("python3", ["-m", "pip", "install", "--no-deps", "--no-cache-dir", "--target", target,
            "--index-url", cluster.AuthenticatedIndexUrl, "test-package-003"], TimeSpan.FromSeconds(90));
        Assert.True(run.ExitCode == 0, run.All);
        run = await Tools.RunAsync("python3", ["-c", "import test_package_003 as m; print(m.__version__)"],
            env: new Dictionary<string, string?> { ["PYTHONPATH"] = target });
        Assert.Equal("2.0.0", run.Stdout.Trim()); // the newest version
    }

    [Fact]
    public async Task Twine_uploads_refuses_a_duplicate_and_a_wrong_password()
    {
        if (!Tools.Exists("/usr/bin/twine")) Assert.Skip("Debian's twine is not installed (scripts/setup.sh installs it)");
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDir("pypikit-twine-");
        var work = temp.Path;
        await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions { Instances = 2 }, ct);
        var path = await WheelBuilder.WriteAsync(new WheelSpec("twine-demo", "0.1.0", 4096, 3), work, ct);
        var creds = cluster.Credentials!;
        string[] Args(string password) => ["upload", "--non-interactive", "--disable-progress-bar", "--repository-url", cluster.Url, "-u", creds.User, "-p", password, path];

        var first = await Tools.RunAsync("twine", Args(creds.Password));
        Assert.True(first.ExitCode == 0, first.All);
        Assert.True(File.Exists(Path.Combine(cluster.PackagesDirectory, "twine_demo-0.1.0-py3-none-any.whl")));

        var second = await Tools.RunAsync("twine", Args(creds.Password));
        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("400", second.All); // pypiserver answers twine's duplicate with 400 (409 for other clients)

        var skip = await Tools.RunAsync("twine", [.. Args(creds.Password)[..^1], "--skip-existing", path]);
        Assert.True(skip.ExitCode == 0, skip.All); // and twine recognises it as "already exists"

        var wrong = await Tools.RunAsync("twine", Args("not-the-password"));
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("403", wrong.All);
    }
}
