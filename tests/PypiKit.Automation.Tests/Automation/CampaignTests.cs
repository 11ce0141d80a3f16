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
            ["clusterName"] = "pypiserver-dev-cluster", ["serviceName"] = "pypiserver", ["targetGroupArn"] = "arn:aws:elasticloadbalancing:us-east-1:210987654321:targetgroup/pypise/0123456789abcdef",
        }), ct);
        // ECS and the target group as the sandbox would report them: one rollout still going, then steady and healthy
        var status = new ScriptedStatus(new ServiceStatus(1, 0, 2, "IN_PROGRESS", 0, 1), new ServiceStatus(1, 1, 1, "COMPLETED", 1, 1));
        var outDir = Path.Combine(fake.Directory, "campaign");
        var options = new CampaignOptions
        {
            StackName = "dev", BurstProfile = "light_load",
            Deployment = new DeploymentSpec { Options = new() { DomainName = "pypi.lab.acme.io", HostedZoneId = "Z0123456789ABC", AlarmEmails = ["ops@acme.io"] } }, BurstDurationSeconds = 2, CorpusProjects = 4, CollectTelemetry = false,
            Destroy = true, OutDir = outDir, HealthTimeout = TimeSpan.FromMinutes(1), Secrets = HubSecrets,
            StatusInterval = TimeSpan.FromMilliseconds(50), StatusSource = outputs => status.For(outputs),
        };
        var steps = new List<string>();
        var messages = new List<string>();
        var result = await CampaignRunner.RunAsync(options, new PulumiWorkspaceOptions
        {
            WorkDir = outDir, PulumiCommand = fake.Executable, Passphrase = "",
            EnvironmentVariables = new Dictionary<string, string>
            {
                ["FAKE_PULUMI_OUTPUTS"] = outputsFile, ["FAKE_PULUMI_SECRET_KEYS"] = "username,password", ["FAKE_PULUMI_EVENTS"] = fake.EventsFile,
            },
        }, new SyncProgress<CampaignProgress>(p => { lock (steps) { steps.Add(p.Step.Id); messages.Add(p.Message); } }), ct);

        // "up" reports the summary event and then the update result; the wait reports each status, then /health
        lock (steps) Assert.Equal(["render", "up", "up", "wait-healthy", "wait-healthy", "wait-healthy", "upload-corpus", "burst", "report", "destroy"], steps);
        Assert.Equal(("pypiserver-dev-cluster", "pypiserver"), status.Named);
        lock (steps) Assert.Contains(messages, m => m.StartsWith("tasks 1/1 running, 1 deployment(s) (COMPLETED), targets 1/1 healthy", StringComparison.Ordinal));
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

    [Fact]
    public async Task Readiness_that_never_comes_names_what_is_missing_and_the_stack_is_still_destroyed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var fake = new FakePulumi();
        var outputsFile = Path.Combine(fake.Directory, "outputs.json");
        await File.WriteAllTextAsync(outputsFile, """{"url": "http://127.0.0.1:9", "username": "u", "password": "p", "clusterName": "c", "serviceName": "s"}""", ct);
        var outDir = Path.Combine(fake.Directory, "campaign");
        var stuck = new ScriptedStatus(new ServiceStatus(2, 2, 1, "COMPLETED", 0, 2));
        var options = new CampaignOptions
        {
            StackName = "dev", BurstProfile = "light_load", CollectTelemetry = false, Destroy = true, OutDir = outDir, Secrets = HubSecrets,
            Deployment = new DeploymentSpec { Options = new() { DomainName = "pypi.lab.acme.io", HostedZoneId = "Z0123456789ABC", AlarmEmails = ["ops@acme.io"] } },
            HealthTimeout = TimeSpan.FromMilliseconds(300), StatusInterval = TimeSpan.FromMilliseconds(100), StatusSource = o => stuck.For(o),
        };
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => CampaignRunner.RunAsync(options, new PulumiWorkspaceOptions
        {
            WorkDir = outDir, PulumiCommand = fake.Executable, Passphrase = "",
            EnvironmentVariables = new Dictionary<string, string> { ["FAKE_PULUMI_OUTPUTS"] = outputsFile, ["FAKE_PULUMI_SECRET_KEYS"] = "username,password" },
        }, null, ct));
        Assert.Contains("target group has 0 healthy of 2 targets", ex.Message);
        Assert.DoesNotContain("steady state", ex.Message); // the service itself got there
        Assert.Contains(fake.ArgvLines, a => a.StartsWith("destroy --yes", StringComparison.Ordinal));
    }

    private static readonly Dictionary<string, string> HubSecrets = new() { ["dockerHubUsername"] = "ci", ["dockerHubAccessToken"] = "dckr_pat_x" };

    /// <summary>A service whose state goes through the given statuses (the last one repeats), as ECS and ELBv2 would report them.</summary>
    private sealed class ScriptedStatus(params ServiceStatus[] statuses) : IServiceStatusSource
    {
        private int _next;
        public (string Cluster, string Service) Named { get; private set; }

        public IServiceStatusSource For(IReadOnlyDictionary<string, OutputValue> outputs)
        {
            Named = (outputs["clusterName"].Value.GetString()!, outputs["serviceName"].Value.GetString()!);
            return this;
        }

        public Task<ServiceStatus> GetAsync(CancellationToken ct) => Task.FromResult(statuses[Math.Min(_next++, statuses.Length - 1)]);
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
