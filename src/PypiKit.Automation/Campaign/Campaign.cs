using System.Text.Json;
using PypiKit.Automation.Deployment;
using PypiKit.Automation.Workspace;
using PypiKit.Burst;
using PypiKit.Json;
using PypiKit.Packages;
using PypiKit.Telemetry;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Automation.Campaign;

/// <summary>A whole test campaign on AWS: deploy, wait healthy, upload the corpus, burst with telemetry, report, optionally destroy.</summary>
public sealed record CampaignOptions
{
    public string StackName { get; init; } = "campaign";
    public DeploymentSpec Deployment { get; init; } = new();
    /// <summary>Secret config values (see <see cref="DeploymentSecrets.FromEnvironment"/>), set with <c>config set-all --secret</c> as deploy does.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The deployment a campaign really renders: its stack is ephemeral, so the access-log bucket and the backup vault
    /// are force-destroyed with it (a campaign's ALB always writes logs; destroy would fail otherwise).
    /// </summary>
    public DeploymentSpec EphemeralDeployment => Deployment with { Options = Deployment.Options with { ForceDestroy = true } };
    /// <summary>Burst profile name (BurstProfiles.Names), default the reference's production_incident.</summary>
    public string BurstProfile { get; init; } = "production_incident";
    /// <summary>Override of the profile's duration, seconds.</summary>
    public double? BurstDurationSeconds { get; init; }
    /// <summary>Projects in the generated corpus (× 3 versions each, as the reference's 300 wheels).</summary>
    public int CorpusProjects { get; init; } = 100;
    /// <summary>How long to wait after <c>up</c> for the ECS service's steady state, healthy targets and <c>/health</c> answering 200.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>Between two reads of the service's state while waiting.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>
    /// Where the service's state is read after <c>up</c>, given the stack outputs (null: ECS <c>DescribeServices</c> and
    /// ELBv2 <c>DescribeTargetHealth</c> on the outputs clusterName, serviceName and targetGroupArn, in the stack's region).
    /// </summary>
    public Func<IReadOnlyDictionary<string, OutputValue>, IServiceStatusSource>? StatusSource { get; init; }
    public bool CollectTelemetry { get; init; } = true;
    /// <summary>Destroy the stack at the end (also after a failed step).</summary>
    public bool Destroy { get; init; }
    /// <summary>Folder for the program, the corpus and every report.</summary>
    public string OutDir { get; init; } = "campaign";

    public CampaignOptions Validate()
    {
        if (!BurstProfiles.TryGet(BurstProfile, out _))
            throw new InvalidInputException("profile", $"unknown burst profile '{BurstProfile}'; built-in: {string.Join(", ", BurstProfiles.Names)}");
        if (CorpusProjects is < 1 or > 10000) throw new InvalidInputException("corpus_projects", "corpus_projects must be 1..10000.");
        if (BurstDurationSeconds is <= 0) throw new InvalidInputException("burst_duration", "burst_duration must be > 0 s.");
        if (HealthTimeout <= TimeSpan.Zero) throw new InvalidInputException("health_timeout", "health_timeout must be > 0.");
        return this;
    }
}

/// <summary>One step of a campaign, as the dry run prints it.</summary>
public sealed record CampaignStep(int Number, string Id, string Title, string Detail);

/// <summary>What a step did.</summary>
public sealed record CampaignProgress(CampaignStep Step, string Message);

public sealed record CampaignResult(string OutDir, IReadOnlyList<string> Files, BurstResult? Burst, bool Destroyed);

/// <summary>The steps of a campaign, and running them.</summary>
public static class CampaignRunner
{
    /// <summary>The plan, without credentials, AWS or the pulumi CLI (<c>pypikit campaign --dry-run</c>).</summary>
    public static IReadOnlyList<CampaignStep> Plan(CampaignOptions o)
    {
        o.Validate();
        var model = o.EphemeralDeployment.ToModel();
        var profile = BurstProfiles.Get(o.BurstProfile);
        var duration = o.BurstDurationSeconds ?? profile.DurationSeconds;
        var steps = new List<(string, string, string)>
        {
            ("render", "Render and check the stack offline",
                $"Pulumi.yaml for stack '{o.StackName}' ({model.Cluster.Capacity}, {model.Cluster.InstanceType}, tasks {model.Service.TaskMinCount}..{model.Service.TaskMaxCount}); schema validation + {Policy.PolicyChecks.Rules.Count} policies"),
            ("up", "pulumi up", $"preflight, stack select/init, config set-all (secrets with --secret), up --yes --skip-preview with the event log; outputs: url, username/password (secret)"),
            ("wait-healthy", "Wait until the service is ready", $"ECS steady state (one deployment, every desired task running) and healthy targets in the target group, read every {o.StatusInterval.TotalSeconds:0} s; then GET <url>/health until 200; at most {o.HealthTimeout.TotalMinutes:0} min in all"),
            ("upload-corpus", "Upload the corpus", $"{o.CorpusProjects} projects × 3 versions = {o.CorpusProjects * 3} wheels, uploaded with ':action=file_upload' (409 = already there)"),
            ("burst", "Burst with telemetry", $"profile {profile.Name} for {duration:0} s against <url> with the generated credentials" +
                (o.CollectTelemetry ? "; CloudWatch/ECS/ALB snapshots before and after (AWS credentials from the environment)" : "")),
            ("report", "Write the reports", $"burst JSON + Markdown, telemetry snapshots, stack outputs (secrets masked) into {o.OutDir}"),
        };
        if (o.Destroy) steps.Add(("destroy", "pulumi destroy", "destroy --yes --skip-preview (also after a failed step or a signal); the log bucket and backup vault are force-destroyed"));
        return [.. steps.Select((s, i) => new CampaignStep(i + 1, s.Item1, s.Item2, s.Item3))];
    }

    public static async Task<CampaignResult> RunAsync(CampaignOptions o, PulumiWorkspaceOptions workspace,
        IProgress<CampaignProgress>? progress = null, CancellationToken ct = default)
    {
        var steps = Plan(o).ToDictionary(s => s.Id);
        void Say(string id, string message) => progress?.Report(new CampaignProgress(steps[id], message));
        Directory.CreateDirectory(o.OutDir);
        var files = new List<string>();
        WorkspaceStack? stack = null;
        BurstResult? burst = null;
        var destroyed = false;
        try
        {
            var model = o.EphemeralDeployment.ToModel();
            var check = RenderCheck.Run(model, o.StackName, o.Secrets);
            if (!check.Passed)
                throw new InvalidOperationException("the rendered stack fails offline checks:\n" + check.Validation + "\n" + check.Policies);
            if (Preflight.Check(model, o.Secrets) is { Count: > 0 } findings) throw new PreflightException(findings);
            Say("render", $"{check.Validation.ResourceCount} resources, every policy passes");

            stack = await PulumiDeployment.PrepareAsync(check.Stack, workspace with { WorkDir = Path.GetFullPath(Path.Combine(o.OutDir, "stack")) }, ct);
            var up = await stack.UpAsync(new UpOptions { Color = "never", OnEvent = e => { if (e.Kind == EngineEventKind.Summary) Say("up", e.ToString()); } }, ct);
            Say("up", $"update {up.Summary.Result}");
            string Out(string k) => up.Outputs.TryGetValue(k, out var v) && v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString()! : throw new InvalidOperationException($"stack output '{k}' missing");
            var url = new Uri(Out("url").TrimEnd('/') + "/");
            var credentials = new PypiCredentials(Out("username"), Out("password"));
            var outputsFile = Path.Combine(o.OutDir, "stack-outputs.json");
            await File.WriteAllTextAsync(outputsFile, JsonSerializer.Serialize(up.Outputs.ToDictionary(kv => kv.Key, kv => kv.Value.IsSecret ? JsonDocument.Parse("\"[secret]\"").RootElement : kv.Value.Value), PypiKitJson.Options), ct);
            files.Add(outputsFile);

            var waitStarted = DateTimeOffset.UtcNow;
            await WaitReadyAsync(o, up.Outputs, s => Say("wait-healthy", s.ToString()), ct);
            var left = o.HealthTimeout - (DateTimeOffset.UtcNow - waitStarted);
            await WaitHealthyAsync(new Uri(url, "health"), left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), m => Say("wait-healthy", m), ct);

            var corpus = await Corpus.GenerateAsync(new CorpusOptions { ProjectCount = o.CorpusProjects }, Path.Combine(o.OutDir, "corpus"), ct: ct);
            using (var client = new UploadClient(url.ToString(), credentials))
            {
                var uploads = await Corpus.UploadAsync(corpus, client, ct: ct);
                var failed = uploads.Count(u => !u.Success && !u.AlreadyExists);
                Say("upload-corpus", $"{uploads.Count - failed}/{uploads.Count} wheels in the index");
                if (failed > 0) throw new InvalidOperationException($"{failed} uploads failed");
            }

            using var session = o.CollectTelemetry ? AwsSession.Create() : null;
            using var aws = session is null ? null : new AwsClients(session);
            var collector = aws is null ? null : new SnapshotCollector(aws, new SnapshotOptions(StackTarget.FromOutputsFile(outputsFile)));
            if (collector is not null) await collector.CollectBaselineAsync(ct);
            burst = await BurstRunner.RunAsync(new BurstOptions
            {
                Target = url, Profile = BurstProfiles.Get(o.BurstProfile), User = credentials.User, Password = credentials.Password,
                AllowRemote = true, DurationSeconds = o.BurstDurationSeconds,
            }, null, ct);
            Say("burst", $"{burst.TotalRequests} requests, error rate {burst.ErrorRate:P2}, p95 {burst.LatencyP95:0} ms");
            if (collector is not null) await collector.CollectAsync(0, "after-burst", ct);

            var json = Path.Combine(o.OutDir, "burst.json");
            var md = Path.Combine(o.OutDir, "burst.md");
            JsonBurstReport.Write(burst, json);
            MarkdownBurstReport.Write(burst, md);
            files.AddRange([json, md]);
            if (collector is not null) files.Add(SnapshotFiles.WriteAll(o.OutDir, collector.Snapshots));
            Say("report", $"{files.Count} files in {o.OutDir}");
        }
        finally
        {
            if (o.Destroy && stack is not null)
            {
                await PulumiDeployment.DestroyAsync(stack, new DestroyOptions { Color = "never" }, CancellationToken.None);
                destroyed = true;
                Say("destroy", "stack destroyed");
            }
        }
        return new CampaignResult(o.OutDir, files, burst, destroyed);
    }

    /// <summary>
    /// Waits for the ECS service's steady state and healthy targets (<see cref="SteadyStateWaiter"/>), reading them
    /// through <see cref="CampaignOptions.StatusSource"/> or AWS; a timeout names what did not get there.
    /// </summary>
    private static async Task WaitReadyAsync(CampaignOptions o, IReadOnlyDictionary<string, OutputValue> outputs, Action<ServiceStatus> say, CancellationToken ct)
    {
        var progress = new InlineProgress<ServiceStatus>(say);
        if (o.StatusSource is { } custom)
        {
            await SteadyStateWaiter.WaitAsync(custom(outputs), o.HealthTimeout, o.StatusInterval, progress, ct: ct);
            return;
        }
        string Out(string k) => outputs.TryGetValue(k, out var v) && v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString()!
            : throw new InvalidOperationException($"stack output '{k}' missing: cannot read the service's steady state");
        var (cluster, service, targetGroup) = (Out("clusterName"), Out("serviceName"), Out("targetGroupArn"));
        using var aws = AwsClients.Create(new AwsOptions { Region = o.Deployment.Options.Region });
        await SteadyStateWaiter.WaitAsync(new AwsServiceStatusSource(aws.Ecs, aws.Elbv2, cluster, service, targetGroup), o.HealthTimeout, o.StatusInterval, progress, ct: ct);
    }

    /// <summary>Reports on the caller's thread (a <see cref="Progress{T}"/> would post them later, out of order with the steps).</summary>
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <summary>Polls <paramref name="health"/> every 10 s until it answers 200 or the timeout passes.</summary>
    public static async Task WaitHealthyAsync(Uri health, TimeSpan timeout, Action<string>? say = null, CancellationToken ct = default)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTimeOffset.UtcNow + timeout;
        var attempt = 0;
        while (true)
        {
            attempt++;
            try
            {
                using var r = await http.GetAsync(health, ct);
                if ((int)r.StatusCode == 200) { say?.Invoke($"healthy after {attempt} checks"); return; }
                say?.Invoke($"check {attempt}: HTTP {(int)r.StatusCode}");
            }
            catch (HttpRequestException ex) { say?.Invoke($"check {attempt}: {ex.Message}"); }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { say?.Invoke($"check {attempt}: timed out"); }
            if (DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10) > deadline)
                throw new TimeoutException($"{health} did not answer 200 within {timeout.TotalMinutes:0.#} min");
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
        }
    }
}
