using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PypiKit.Automation.Model;
using PypiKit.Automation.Rendering;
using PypiKit.Burst;
using PypiKit.Burst.Distributed;
using PypiKit.Burst.Distributed.Ecs;
using PypiKit.Json;
using PypiKit.Telemetry.Aws;
using Spectre.Console;
using Outputs = PypiKit.Automation.Rendering.PulumiYamlRenderer.LoadGeneratorOutputs;

namespace PypiKit.Cli.Commands;

/// <summary>
/// What the ECS coordinator needs before anything starts: the load generator's outputs, the stack's credentials secret
/// (the tasks' password comes from it, through the task definition) and how to reach AWS.
/// </summary>
internal sealed record EcsWorkers(EcsLaunchOptions Launch, string? CredentialsSecretArn, string StackOutputsPath, AwsOptions Aws)
{
    /// <summary>
    /// Reads the load generator's outputs from the stack outputs file (<c>pulumi stack output --json</c>, or Terraform's
    /// <c>{"name": {"value": …}}</c>); a missing or empty one is one line naming it (exit 2).
    /// </summary>
    public static EcsWorkers Prepare(string stackOutputsPath, AwsOptions aws)
    {
        if (!File.Exists(stackOutputsPath))
            throw new InvalidInputException("--stack-outputs", $"--stack-outputs '{stackOutputsPath}': no such file");
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(stackOutputsPath));
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidInputException("--stack-outputs", $"--stack-outputs '{stackOutputsPath}': not valid JSON ({e.Message})", e);
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new InvalidInputException("--stack-outputs", $"--stack-outputs '{stackOutputsPath}': expected a JSON object of output name → value");

        JsonElement Get(string key)
        {
            if (root.TryGetProperty(key, out var v))
            {
                if (v.ValueKind == JsonValueKind.Object && v.TryGetProperty("value", out var inner)) v = inner;
                if (v.ValueKind is JsonValueKind.String && v.GetString()!.Length > 0) return v;
                if (v.ValueKind is JsonValueKind.Array && v.GetArrayLength() > 0 && v.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)) return v;
            }
            throw new InvalidInputException("--stack-outputs",
                $"--stack-outputs '{stackOutputsPath}': missing output {key} (deploy the stack with the load generator component)");
        }
        string S(string key) => Get(key).ValueKind == JsonValueKind.String ? Get(key).GetString()!
            : throw new InvalidInputException("--stack-outputs", $"--stack-outputs '{stackOutputsPath}': output {key} must be a string");
        IReadOnlyList<string> L(string key) => Get(key) is { ValueKind: JsonValueKind.Array } a ? [.. a.EnumerateArray().Select(e => e.GetString()!)] : [S(key)];

        var launch = new EcsLaunchOptions(S(Outputs.ClusterArn), S(Outputs.TaskDefinitionArn), S(Outputs.ContainerName), L(Outputs.SubnetIds),
            L(Outputs.SecurityGroupId), S(Outputs.ResultsBucket), S(Outputs.ResultsPrefix));
        launch.Validate();
        string? secretArn = root.TryGetProperty(Outputs.CredentialsSecretArn, out _) ? S(Outputs.CredentialsSecretArn) : null;
        return new EcsWorkers(launch, secretArn, stackOutputsPath, aws);
    }

    /// <summary>
    /// With <c>--user</c>: the tasks authenticate with the stack's own credentials (ECS fills
    /// <see cref="LoadGeneratorOptions.PasswordEnvironment"/> from the secret), so the user and password this run was given
    /// must be those; a mismatch stops the run before any task starts (exit 2), naming the secret, never the values.
    /// When the secret cannot be read here (no permission), the run goes on with a warning.
    /// </summary>
    public async Task CheckCredentialsAsync(AwsSession session, string user, string password, CancellationToken ct)
    {
        if (CredentialsSecretArn is null)
            throw new InvalidInputException("--stack-outputs",
                $"--stack-outputs '{StackOutputsPath}': missing output {Outputs.CredentialsSecretArn}, which --user needs (the tasks read the index password from that secret)");
        SecretValue secret;
        try { secret = await new SecretsManagerClient(session).GetSecretValueAsync(CredentialsSecretArn, ct: ct); }
        catch (Exception e) when (e is AwsServiceException or HttpRequestException)
        {
            CliConsole.Error.WriteLine($"warning: the credentials secret {CredentialsSecretArn} could not be read here ({e.Message}); " +
                "the tasks will authenticate with the password it holds");
            return;
        }
        Dictionary<string, string> keys;
        try
        {
            using var doc = JsonDocument.Parse(secret.SecretString ?? "");
            keys = doc.RootElement.ValueKind == JsonValueKind.Object
                ? doc.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)
                : [];
        }
        catch (JsonException) { keys = []; }
        string? Key(string key) => keys.GetValueOrDefault(key);
        var stackPassword = Key(LoadGeneratorOptions.PasswordSecretKey)
            ?? throw new InvalidInputException("--stack-outputs", $"the credentials secret {secret.Name} has no '{LoadGeneratorOptions.PasswordSecretKey}' key, so the tasks would get no password");
        if (Key("username") is { } stackUser && stackUser != user)
            throw new InvalidInputException("--user", $"--user '{user}' is not the stack's user (secret {secret.Name}): the tasks authenticate with the stack's credentials");
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stackPassword), Encoding.UTF8.GetBytes(password)))
            throw new InvalidInputException("--user",
                $"the password given for --user '{user}' is not the one in the stack's secret {secret.Name}, which the tasks use: run with the stack's password " +
                "(pulumi stack output password --show-secrets)");
    }

    /// <summary>Checks a shard's <c>--results</c> folder (exit 2 naming the flag when it is not s3://bucket/…).</summary>
    public static string CheckResultsUri(string uri)
    {
        _ = S3ShardResults.Folder(uri);
        return uri;
    }
}

/// <summary><c>pypikit burst --workers N --stack-outputs FILE</c>: the coordinator over ECS tasks; and the shard's S3 upload.</summary>
public sealed partial class BurstModule
{
    /// <summary>Default lead on ECS: Fargate provisions each task (ENI, image pull) before the container starts.</summary>
    private static readonly TimeSpan EcsStartLead = TimeSpan.FromSeconds(120);

    private static async Task<int> RunEcsWorkersAsync(BurstOptions options, WorkerMode mode, EcsWorkers ecs, string outDir, CancellationToken ct)
    {
        var distributed = new DistributedOptions(mode.Count, Path.Combine(outDir, $"shards_{DateTimeOffset.UtcNow:yyyyMMdd_HHmmss}"))
        {
            StartLead = mode.StartLead ?? EcsStartLead,
        };
        using var session = AwsSession.Create(ecs.Aws);
        using var results = new S3ShardResults(session);
        var environment = new Dictionary<string, string>
        {
            [WorkerCliOptions.WorkerEnvironment] = "1",
            ["NO_COLOR"] = "1",
            ["AWS_REGION"] = session.Region,
        };
        // ECS shows a task's overrides to anyone allowed ecs:DescribeTasks, so the password is never one: the task
        // definition's `secrets` entry has ECS fill it in from the stack's credentials secret.
        if (options.User is not null) await ecs.CheckCredentialsAsync(session, options.User, options.Password!, ct);
        var launch = ecs.Launch with { Environment = environment };
        var clock = await MeasureClockAsync(results, "this machine", ct);
        var profile = PypiKitJson.Serialize(options.EffectiveProfile);
        var launcher = new EcsShardLauncher(new EcsClient(session), results, launch,
            spec => ShardArguments(options, profile, $"/tmp/pypikit-shard-{spec.Index}", spec), clock);
        CliConsole.Out.MarkupLine(Markup.Escape($"burst: {options.EffectiveProfile.Name} → {options.Target} on {mode.Count} ECS tasks of {launch.TaskDefinition} " +
            $"in {launch.Cluster} (shards 1/{mode.Count} … {mode.Count}/{mode.Count}), starting together in {distributed.StartLead.TotalSeconds:0} s; " +
            $"results under {S3ShardResults.ShardUri(launch.ResultsBucket, launch.ResultsPrefix, distributed.RunId, 1)[..^2]}"));
        var run = await DistributedBurst.RunAsync(distributed, launcher, ShardProgress(), ct);
        return await FinishWorkersAsync(run, outDir, $"task logs in the load generator's log group; downloads under {distributed.WorkDirectory}");
    }

    /// <summary>A shard told <c>--results s3://…</c>: measures its clock against S3, runs, then uploads its report files there.</summary>
    private static async Task<int> RunShardToS3Async(BurstOptions options, string outDir, string resultsUri, AwsOptions aws, CancellationToken ct)
    {
        using var session = AwsSession.Create(aws);
        using var results = new S3ShardResults(session);
        var clock = await MeasureClockAsync(results, "shard", ct);
        return await RunAsync(options, outDir, ct, afterWrite: async files =>
        {
            try
            {
                var keys = await results.UploadAsync(files, resultsUri, clock, CancellationToken.None);
                CliConsole.Text.WriteLine($"uploaded {keys.Count} report files to {resultsUri}");
                return 0;
            }
            catch (Exception e) when (e is AwsServiceException or HttpRequestException or TimeoutException or IOException)
            {
                CliConsole.Error.WriteLine($"error: uploading the report to {resultsUri} failed: {e.Message}");
                return 1;
            }
        });
    }

    /// <summary>The clock against the S3 endpoint, or null (with a warning) when it cannot be measured: skew is then not reported.</summary>
    private static async Task<ClockOffset?> MeasureClockAsync(S3ShardResults results, string who, CancellationToken ct)
    {
        try
        {
            var clock = await results.MeasureClockAsync(ct);
            CliConsole.Text.WriteLine(FormattableString.Invariant($"clock ({who}) vs S3: {clock.OffsetMs:0.#} ± {clock.UncertaintyMs:0.#} ms"));
            return clock;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            CliConsole.Error.WriteLine($"warning: the clock could not be compared with S3 ({e.Message}); clock skew is not reported");
            return null;
        }
    }
}
