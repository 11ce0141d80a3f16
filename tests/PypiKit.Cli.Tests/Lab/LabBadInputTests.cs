namespace PypiKit.Cli.Tests.Lab;

/// <summary>Bad lab input: one line naming the flag as typed and what is allowed, exit 2, nothing started or written.</summary>
[Trait("Category", "Slow")]
public class LabBadInputTests
{
    [Theory]
    [InlineData("--sandbox-instances", "0", "--sandbox-instances must be between 1 and 32, got 0")]
    [InlineData("--storage-gb", "0", "--storage-gb must be > 0 GiB, got 0")]
    [InlineData("--efs-mode", "fast", "'fast'")]
    [InlineData("--container-memory", "64", "--container-memory")]
    [InlineData("--validation-levels", "4,x", "--validation-levels: 'x' is not a client count within 1..1000")]
    [InlineData("--validation-seconds", "0.1", "--validation-seconds must be within 0.5..600, got 0.1")]
    public async Task Is_refused_before_anything_starts(string flag, string value, string expected)
    {
        using var temp = new TempDir("pypikit-cli-lab-bad-");
        var dir = temp.Path;
        var outDir = Path.Combine(dir, "out");
        var run = await CliRunner.RunAsync(["lab", flag, value, "--out", outDir], TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains(expected, run.Stderr);
        Assert.DoesNotContain("lab: starting", run.Stdout);
        Assert.False(Directory.Exists(outDir));
    }
}
