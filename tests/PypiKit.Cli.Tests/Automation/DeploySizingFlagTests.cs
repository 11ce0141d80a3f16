using System.Text.Json;
using PypiKit.Automation.Yaml;

namespace PypiKit.Cli.Tests.Automation;

/// <summary>
/// One way from flags to a capacity plan: <c>size</c>, <c>deploy</c> and <c>campaign</c> give the same plan for the same
/// sizing flags, a config file's sizing is overridden field by field, and errors name the flag as typed.
/// </summary>
[Trait("Category", "Slow")]
public class DeploySizingFlagTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Flag sets that each change the plan of the default t3.small deployment.</summary>
    public static TheoryData<string, string> FlagSets => new()
    {
        { "deploy", "--host-memory 1500" }, { "campaign", "--host-memory 1500" },
        { "deploy", "--page-cache 1200" }, { "campaign", "--page-cache 1200" },
        { "deploy", "--system-overhead 1200" }, { "campaign", "--system-overhead 1200" },
        { "deploy", "--instance t3.micro --container-memory 128 --visible-memory" }, { "campaign", "--instance t3.micro --container-memory 128 --visible-memory" },
        { "deploy", "--catalog {catalog}" }, { "campaign", "--catalog {catalog}" },
    };

    private static async Task<JsonElement> SizePlan(string[] flags)
    {
        var run = await CliRunner.RunAsync(["size", "--json", .. flags]);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        return doc.RootElement.Clone();
    }

    [Theory]
    [MemberData(nameof(FlagSets))]
    public async Task Every_sizing_flag_reaches_the_plan_of_deploy_and_campaign(string command, string flagSet)
    {
        using var temp = new TempDir("pypikit-sizing-flags-");
        var dir = temp.Path;
        var catalog = Path.Combine(dir, "types.csv");
        await File.WriteAllTextAsync(catalog, "instance_type,family,arch,vcpu,memory_mib,burstable,baseline_cpu_pct,cpu_credits_per_hour,usd_per_hour_linux_on_demand,visible_memory_mib\n" +
                                              "t3.small,t3,x86_64,2,4096,true,20,24,0.0208,\n", Ct);
        var flags = flagSet.Replace("{catalog}", catalog, StringComparison.Ordinal).Split(' ');
        var config = Path.Combine(dir, "deploy.json"); // a config file without a sizing block: the flags still decide
        await File.WriteAllTextAsync(config, """{ "options": { "shape": "prod" } }""", Ct);
        var baseFlags = flags.Where((f, i) => f is "--instance" or "--container-memory" || i > 0 && flags[i - 1] is "--instance" or "--container-memory").ToArray();
        var expected = await SizePlan(flags);
        var without = await SizePlan(baseFlags);
        Assert.False(expected.GetProperty("tasks_per_instance").GetInt32() == without.GetProperty("tasks_per_instance").GetInt32()
                     && expected.GetProperty("instance_ram_mb").GetInt64() == without.GetProperty("instance_ram_mb").GetInt64(),
            $"{flagSet} does not change the plan: the test would prove nothing");
        if (command == "deploy")
        {
            var outDir = Path.Combine(dir, "out");
            var run = await CliRunner.RunAsync(["deploy", "render", "--stack", "dev", "--out", outDir, "--config", config, .. flags]);
            Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
            var program = (YMap)YamlReader.Read(await File.ReadAllTextAsync(Path.Combine(outDir, "Pulumi.yaml"), Ct));
            var info = (YMap)((YMap)program["outputs"]!)["capacityInfo"]!;
            foreach (var field in new[] { "instance_ram_mb", "tasks_per_instance", "actual_task_min_count", "actual_task_max_count" })
                Assert.True(expected.GetProperty(field).GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) == ((YScalar)info[field]!).Text,
                    $"{flagSet}: {field} size={expected.GetProperty(field)} deploy={((YScalar)info[field]!).Text}");
        }
        else
        {
            var run = await CliRunner.RunAsync(["campaign", "--dry-run", "--stack", "lab", "--config", config, .. DeployLifecycleTests.RealInputs, .. flags],
                environment: new Dictionary<string, string?>(DeployLifecycleTests.DockerHubCredential) { ["PATH"] = "/usr/bin:/bin" });
            Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
            Assert.Contains($"tasks {expected.GetProperty("actual_task_min_count").GetInt32()}..{expected.GetProperty("actual_task_max_count").GetInt32()}", run.Stdout);
        }
    }

    [Fact]
    public async Task A_sizing_flag_overrides_one_field_of_the_config_file_and_keeps_the_rest()
    {
        using var temp = new TempDir("pypikit-sizing-flags-");
        var dir = temp.Path;
        var config = Path.Combine(dir, "deploy.json");
        await File.WriteAllTextAsync(config, """{ "sizing": { "instance_type": "c6a.xlarge", "instance_count": 3, "container_memory": 512 } }""", Ct);
        var outDir = Path.Combine(dir, "out");
        var run = await CliRunner.RunAsync(["deploy", "render", "--stack", "dev", "--config", config, "--out", outDir, "--container-memory", "1024"]);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var yaml = await File.ReadAllTextAsync(Path.Combine(outDir, "Pulumi.yaml"), Ct);
        Assert.Contains("instance_type: c6a.xlarge", yaml);          // from the file
        Assert.Contains("asg_instance_count: 3", yaml);              // from the file
        Assert.Contains("container_memory_mb: 1024", yaml);          // from the flag
    }

    [Theory]
    [InlineData("--container-memory", "--container-memory 50")]
    [InlineData("--zone-id", "--zone-id nope")]
    [InlineData("--provisioned-mibps", "--efs-mode provisioned")]
    [InlineData("--instance", "--instance nosuch.large")]
    [InlineData("--alarm-email", "--alarm-email not-an-address")]
    [InlineData("--image", "--image Not/Valid:tag")]
    public async Task Errors_name_the_flag_as_typed(string flag, string args)
    {
        var run = await CliRunner.RunAsync(["deploy", "render", "--out", Path.Combine(Path.GetTempPath(), "pypikit-never"), .. args.Split(' ')]);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(flag, line);
    }
}
