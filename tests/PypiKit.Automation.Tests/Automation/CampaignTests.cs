using System.Text.Json;
using PypiKit.Automation.Campaign;
using PypiKit.Automation.Deployment;
using PypiKit.Automation.Workspace;
using PypiKit.Packages;
using PypiKit.Sandbox;

namespace PypiKit.Automation.Tests.Automation;

/// <summary>
/// The campaign pipeline end to end without AWS: a fake pulumi whose "deployed" stack is a real local sandbox cluster
/// (its outputs point at the sandbox), so up → wait healthy → upload → burst → reports → destroy all really run.
/// </summary>
[Trait("Category", "Slow")]
public class CampaignTests
{
    [Fact]
    public async Task Campaign_runs_every_step_against_a_sandbox_standing_in_for_the_stack()
    {
        var ct = TestContext.Current.CancellationToken;
        using var fake = new FakePulumi();
        var credentials = new PypiCredentials("campaign-user", "campaign-Passw0rd");
        await using var sandbox = await SandboxCluster.StartAsync(new SandboxClusterOptions { Instances = 1, Workers = 2, Credentials = credentials }, ct);
        var outputsFile = Path.Combine(fake.Directory, "outputs.json");
        await File.WriteAllTextAsync(outputsFile, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["url"] = sandbox.Url.TrimEnd('/'), ["username"] = credentials.User, ["password"] = credentials.Password,
            ["clusterName"] = "pypiserver-dev-cluster", ["serviceName"] = "pypiserver",
        }), ct);
        var outDir = Path.Combine(fake.Directory, "campaign");
        var options = new CampaignOptions
        {
            StackName = "dev", BurstProfile = "light_load",
            Deployment = new DeploymentSpec { Options = new() { DomainName = "pypi.lab.acme.io", HostedZoneId = "Z0123456789ABC", AlarmEmails = ["ops@acme.io"] } }, BurstDurationSeconds = 2, CorpusProjects = 4, CollectTelemetry = false,
            Destroy = true, OutDir = outDir, HealthTimeout = TimeSpan.FromMinutes(1),
        };
        var steps = new List<string>();
        var result = await CampaignRunner.RunAsync(options, new PulumiWorkspaceOptions
        {
            WorkDir = outDir, PulumiCommand = fake.Executable, Passphrase = "",
            EnvironmentVariables = new Dictionary<string, string>
            {
                ["FAKE_PULUMI_OUTPUTS"] = outputsFile, ["FAKE_PULUMI_SECRET_KEYS"] = "username,password", ["FAKE_PULUMI_EVENTS"] = fake.EventsFile,
            },
        }, new SyncProgress<CampaignProgress>(p => { lock (steps) steps.Add(p.Step.Id); }), ct);

        // "up" reports the summary event and then the update result
        lock (steps) Assert.Equal(["render", "up", "up", "wait-healthy", "upload-corpus", "burst", "report", "destroy"], steps);
        Assert.True(result.Destroyed);
        Assert.NotNull(result.Burst);
        Assert.True(result.Burst!.TotalRequests > 0);
        Assert.Contains(result.Files, f => f.EndsWith("burst.json", StringComparison.Ordinal));
        Assert.Contains(result.Files, f => f.EndsWith("burst.md", StringComparison.Ordinal));
        var savedOutputs = await File.ReadAllTextAsync(Path.Combine(outDir, "stack-outputs.json"), ct);
        Assert.DoesNotContain(credentials.Password, savedOutputs);
        Assert.True(File.Exists(Path.Combine(outDir, "stack", "Pulumi.yaml")));
        var argv = fake.ArgvLines;
        Assert.Contains("stack select --stack dev --non-interactive", argv);
        Assert.Contains(argv, a => a.StartsWith("up --yes --skip-preview --color never --exec-kind auto.local --stack dev --non-interactive --event-log", StringComparison.Ordinal));
        Assert.Equal("destroy --yes --skip-preview --color never --exec-kind auto.local --stack dev --non-interactive", argv.Last(a => a.StartsWith("destroy", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_plan_lists_every_step_and_needs_nothing_external()
    {
        var plan = CampaignRunner.Plan(new CampaignOptions { Destroy = false, Deployment = new DeploymentSpec() });
        Assert.Equal(["render", "up", "wait-healthy", "upload-corpus", "burst", "report"], plan.Select(s => s.Id));
        Assert.Throws<InvalidInputException>(() => CampaignRunner.Plan(new CampaignOptions { BurstProfile = "nope" }));
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
