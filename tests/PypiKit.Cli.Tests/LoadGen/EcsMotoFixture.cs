using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.S3;
using PypiKit.Automation.Model;
using PypiKit.Telemetry.Aws;
using PypiKit.Tests.Telemetry;
using Outputs = PypiKit.Automation.Rendering.PulumiYamlRenderer.LoadGeneratorOutputs;

namespace PypiKit.Cli.Tests.LoadGen;

/// <summary>
/// A moto server holding what the stack's load-generator component creates: an ECS cluster, a Fargate task definition
/// in awsvpc mode with the <c>pypikit</c> container (its password a <c>secrets</c> entry of the stack's credentials
/// secret, as rendered), the default VPC's subnets, a security group and a results bucket;
/// tasks stay RUNNING until stopped (moto runs no containers). <see cref="OutputsFile"/> is the stack outputs file a
/// deployed stack would give the coordinator.
/// </summary>
public sealed class EcsMotoFixture : IAsyncLifetime
{
    public const string ContainerName = "pypikit";
    public const string Prefix = "results/";
    public static readonly BasicAWSCredentials Credentials = new("testing", "testing");

    public MotoServer? Server { get; private set; }
    public string? SkipReason { get; private set; }
    public string Cluster { get; private set; } = "";
    public string TaskDefinition { get; private set; } = "";
    public IReadOnlyList<string> Subnets { get; private set; } = [];
    public string SecurityGroup { get; private set; } = "";
    /// <summary>The stack's credentials secret (JSON with <c>username</c> and <c>password</c>; see <see cref="SetCredentialsAsync"/>).</summary>
    public string CredentialsSecretArn { get; private set; } = "";
    public string Bucket { get; } = "pypikit-loadgen-results";
    private readonly TempDir _dir = new("pypikit-ecs-moto-");

    public string Dir => _dir.Path;
    public string OutputsFile => Path.Combine(Dir, "outputs.json");

    public MotoServer Moto => Server ?? throw new InvalidOperationException("moto is not running");

    /// <summary>The environment a process needs to reach this moto as AWS (never the user's own configuration).</summary>
    public Dictionary<string, string?> AwsEnvironment => new()
    {
        ["AWS_ENDPOINT_URL"] = Moto.Url, ["AWS_ACCESS_KEY_ID"] = "testing", ["AWS_SECRET_ACCESS_KEY"] = "testing", ["AWS_REGION"] = "us-east-1",
        ["AWS_EC2_METADATA_DISABLED"] = "true", ["AWS_CONFIG_FILE"] = "/nonexistent", ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent",
        ["AWS_PROFILE"] = null,
    };

    public async ValueTask InitializeAsync()
    {
        SkipReason = MotoServer.UnavailableReason();
        if (SkipReason is not null) return;
        Server = await MotoServer.StartAsync();
        await Server.PostAsync("/moto-api/state-manager/set-transition",
            """{"model_name": "ecs::task", "transition": {"progression": "manual", "times": 1000000}}""");
        using var ec2 = new AmazonEC2Client(Credentials, new AmazonEC2Config { ServiceURL = Server.Url, AuthenticationRegion = "us-east-1" });
        var vpc = (await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = [new Filter("isDefault", ["true"])] })).Vpcs[0].VpcId;
        Subnets = [.. (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Filter("vpc-id", [vpc])] })).Subnets.Take(2).Select(s => s.SubnetId)];
        SecurityGroup = (await ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest("pypikit-loadgen", "load generator") { VpcId = vpc })).GroupId;

        using var s3 = new AmazonS3Client(Credentials, new AmazonS3Config { ServiceURL = Server.Url, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        await s3.PutBucketAsync(Bucket);

        using var aws = Server.Clients(Credentials);
        CredentialsSecretArn = (await SecretsRaw(aws).CallAsync("CreateSecret", new JsonObject
        {
            ["Name"] = "pypi-credentials", ["SecretString"] = """{"username":"nobody","password":"not-set-yet"}""",
        })).GetProperty("ARN").GetString()!;
        var ecs = Raw(aws);
        Cluster = (await ecs.CallAsync("CreateCluster", new JsonObject { ["clusterName"] = "pypi" })).GetProperty("cluster").GetProperty("clusterArn").GetString()!;
        var taskDefinition = await ecs.CallAsync("RegisterTaskDefinition", new JsonObject
        {
            ["family"] = "pypi-loadgen", ["networkMode"] = "awsvpc", ["requiresCompatibilities"] = new JsonArray("FARGATE"),
            ["cpu"] = "1024", ["memory"] = "2048",
            ["containerDefinitions"] = new JsonArray(new JsonObject
            {
                ["name"] = ContainerName, ["image"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/pypi-loadgen:latest", ["essential"] = true,
                ["cpu"] = 1024, ["memory"] = 2048, // moto sums container-level sizes (ECS accepts task-level ones alone)
                ["command"] = new JsonArray("burst", "--help"),
                ["secrets"] = new JsonArray(new JsonObject
                {
                    ["name"] = LoadGeneratorOptions.PasswordEnvironment,
                    ["valueFrom"] = $"{CredentialsSecretArn}:{LoadGeneratorOptions.PasswordSecretKey}::",
                }),
            }),
        });
        TaskDefinition = taskDefinition.GetProperty("taskDefinition").GetProperty("taskDefinitionArn").GetString()!;

        File.WriteAllText(OutputsFile, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            [Outputs.ClusterArn] = Cluster, [Outputs.TaskDefinitionArn] = TaskDefinition, [Outputs.ContainerName] = ContainerName,
            [Outputs.SubnetIds] = Subnets, [Outputs.SecurityGroupId] = SecurityGroup, [Outputs.ResultsBucket] = Bucket,
            [Outputs.ResultsPrefix] = Prefix, [Outputs.CredentialsSecretArn] = CredentialsSecretArn,
        }));
    }

    /// <summary>Puts <paramref name="user"/> and <paramref name="password"/> in the stack's credentials secret (as the stack's generated ones).</summary>
    public async Task SetCredentialsAsync(string user, string password, CancellationToken ct)
    {
        using var aws = Moto.Clients(Credentials);
        await SecretsRaw(aws).CallAsync("PutSecretValue", new JsonObject
        {
            ["SecretId"] = CredentialsSecretArn,
            ["SecretString"] = new JsonObject { ["username"] = user, [LoadGeneratorOptions.PasswordSecretKey] = password }.ToJsonString(),
        }, ct);
    }

    /// <summary>
    /// What the ECS agent hands a container of <see cref="TaskDefinition"/> from its <c>secrets</c>: each entry's
    /// <c>arn:json-key::</c> read from Secrets Manager.
    /// </summary>
    public async Task<Dictionary<string, string?>> ResolveSecretsAsync(CancellationToken ct)
    {
        using var aws = Moto.Clients(Credentials);
        var td = await Raw(aws).CallAsync("DescribeTaskDefinition", new JsonObject { ["taskDefinition"] = TaskDefinition }, ct);
        var values = new Dictionary<string, string?>();
        var container = td.GetProperty("taskDefinition").GetProperty("containerDefinitions").EnumerateArray().Single(c => c.GetProperty("name").GetString() == ContainerName);
        foreach (var entry in container.GetProperty("secrets").EnumerateArray())
        {
            var from = entry.GetProperty("valueFrom").GetString()!;
            var parts = from.Split(':');          // arn:aws:secretsmanager:region:account:secret:name:json-key:stage:version
            var arn = string.Join(':', parts[..7]);
            var secret = await aws.SecretsManager.GetSecretValueAsync(arn, ct: ct);
            using var doc = JsonDocument.Parse(secret.SecretString!);
            values[entry.GetProperty("name").GetString()!] = parts[7].Length == 0 ? secret.SecretString : doc.RootElement.GetProperty(parts[7]).GetString();
        }
        return values;
    }

    /// <summary>ECS's JSON protocol as is, to read what the typed client does not map (a task's overrides).</summary>
    public static JsonProtocolClient Raw(AwsClients aws) => new(aws.Session, AwsService.Ecs, "AmazonEC2ContainerServiceV20141113");

    private static JsonProtocolClient SecretsRaw(AwsClients aws) => new(aws.Session, AwsService.SecretsManager, "secretsmanager");

    public void RequireMoto()
    {
        if (SkipReason is not null) Assert.Skip(SkipReason);
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        _dir.Dispose();
    }
}
