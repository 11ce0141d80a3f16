using PypiKit.Automation.Policy;
using PypiKit.Automation.Validation;
using PypiKit.Automation.Yaml;
using Outputs = PypiKit.Automation.Rendering.PulumiYamlRenderer.LoadGeneratorOutputs;

namespace PypiKit.Cli.Tests.Automation;

/// <summary><c>deploy render --load-generator-users N</c> adds the load-generator component; a bad N exits 2 naming the flag.</summary>
[Trait("Category", "Slow")]
public class LoadGeneratorFlagTests
{
    [Fact]
    public async Task Render_with_the_flag_adds_a_valid_load_generator_sized_for_the_users()
    {
        using var temp = new TempDir("pypikit-cli-loadgen-");
        var dir = temp.Path;
        var outDir = Path.Combine(dir, "stack");
        var run = await CliRunner.RunAsync(["deploy", "render", "--stack", "dev", "--out", outDir, "--load-generator-users", "400"],
            workingDirectory: Path.GetTempPath());
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var yaml = await File.ReadAllTextAsync(Path.Combine(outDir, "Pulumi.yaml"), TestContext.Current.CancellationToken);
        var stackFile = await File.ReadAllTextAsync(Path.Combine(outDir, "Pulumi.dev.yaml"), TestContext.Current.CancellationToken);
        var report = SchemaValidator.Default.Validate(yaml);
        Assert.True(report.IsValid, report.ToString());
        var program = (YMap)YamlReader.Read(yaml);
        var policies = PolicyChecks.Run(program, (YMap)YamlReader.Read(stackFile));
        Assert.True(policies.Passed, policies.ToString());
        var td = program.Map("resources")!.Map("loadGenTaskDefinition")!.Map("properties")!;
        Assert.Equal(("1024", "2048"), (td.Str("cpu"), td.Str("memory")));
        Assert.NotNull(program.Map("outputs")![Outputs.TaskDefinitionArn]);
    }

    [Fact]
    public async Task A_bad_user_count_exits_2_naming_the_flag()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "pypikit-never-" + Guid.NewGuid().ToString("N")[..8]);
        var run = await CliRunner.RunAsync(["deploy", "render", "--load-generator-users", "0", "--out", outDir]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--load-generator-users", run.Stderr);
        Assert.False(Directory.Exists(outDir));
    }
}
