using System.Globalization;
using PypiKit.Automation.Model;
using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

public sealed partial class PulumiYamlRenderer
{
    /// <summary>Stack outputs of the load-generator component, read by the burst coordinator.</summary>
    public static class LoadGeneratorOutputs
    {
        public const string ClusterArn = "loadGenClusterArn";
        public const string TaskDefinitionArn = "loadGenTaskDefinitionArn";
        public const string ContainerName = "loadGenContainerName";
        /// <summary>The <c>awsvpcConfiguration</c> of ECS <c>RunTask</c>: <c>subnets</c>, <c>securityGroups</c>, <c>assignPublicIp</c>.</summary>
        public const string Network = "loadGenNetwork";
        public const string SubnetIds = "loadGenSubnetIds";
        public const string SecurityGroupId = "loadGenSecurityGroupId";
        public const string ResultsBucket = "loadGenResultsBucket";
        public const string ResultsPrefix = "loadGenResultsPrefix";
        public const string RepositoryUrl = "loadGenRepositoryUrl";
        public const string LogGroupName = "loadGenLogGroupName";
        /// <summary>The stack's credentials secret, whose <c>password</c> key ECS hands each task (compared by the coordinator with the one it was given).</summary>
        public const string CredentialsSecretArn = "credentialsSecretArn";
    }

    /// <summary>
    /// The optional load generator: ECR repository, results bucket (private, encrypted, TLS-only, expiring), log group,
    /// execution role (pull this repository, write this log group, read the credentials secret so ECS can hand the index
    /// password to the container as <see cref="LoadGeneratorOptions.PasswordEnvironment"/>), task role (s3:PutObject under the results prefix only),
    /// security group (no ingress; egress HTTPS only: the ALB is reached by its public name through the NAT gateway, and
    /// ECR, S3 and CloudWatch Logs are reached on their public HTTPS endpoints the same way) and a Fargate task definition.
    /// </summary>
    private void LoadGenerator(LoadGeneratorOptions o)
    {
        var inv = CultureInfo.InvariantCulture;
        var (cpu, memory) = LoadGeneratorSizing.TaskSize(o.VirtualUsersPerShard);
        var prefix = LoadGeneratorOptions.ResultsPrefix;
        YMap Policy(params YNode[] statements) => ToJson(Map(("Version", Str("2012-10-17")), ("Statement", Seq(statements))));
        YMap Allow(string sid, YNode actions, YNode resources) =>
            Map(("Sid", Str(sid)), ("Effect", Str("Allow")), ("Action", actions), ("Resource", resources));

        Res("loadGenRepository", "aws:ecr:Repository", Map(("name", Str(N("loadgen"))), ("imageTagMutability", Str("MUTABLE")),
            ("imageScanningConfiguration", Map(("scanOnPush", Bool(true)))), ("forceDelete", Bool(_m.Options.ForceDestroy))));

        Res("loadGenResultsBucket", "aws:s3:Bucket", Map(("bucketPrefix", Str($"{Svc}-loadgen-")), ("forceDestroy", Bool(true))));
        Res("loadGenResultsBucketPublicAccessBlock", "aws:s3:BucketPublicAccessBlock", Map(("bucket", Ref("loadGenResultsBucket.id")),
            ("blockPublicAcls", Bool(true)), ("blockPublicPolicy", Bool(true)), ("ignorePublicAcls", Bool(true)), ("restrictPublicBuckets", Bool(true))));
        Res("loadGenResultsBucketEncryption", "aws:s3:BucketServerSideEncryptionConfiguration", Map(("bucket", Ref("loadGenResultsBucket.id")),
            ("rules", Seq(Map(("applyServerSideEncryptionByDefault", Map(("sseAlgorithm", Str("AES256")))))))));
        Res("loadGenResultsBucketLifecycle", "aws:s3:BucketLifecycleConfiguration", Map(("bucket", Ref("loadGenResultsBucket.id")),
            ("rules", Seq(Map(("id", Str("expire-results")), ("status", Str("Enabled")), ("filter", Map(("prefix", Str(prefix)))),
                ("expiration", Map(("days", Int(o.ResultsExpiryDays)))))))));
        Res("loadGenResultsBucketPolicy", "aws:s3:BucketPolicy", Map(("bucket", Ref("loadGenResultsBucket.id")),
            ("policy", Policy(Map(("Sid", Str("DenyInsecureTransport")), ("Effect", Str("Deny")), ("Principal", Str("*")), ("Action", Str("s3:*")),
                ("Resource", Seq(Ref("loadGenResultsBucket.arn"), Str("${loadGenResultsBucket.arn}/*"))),
                ("Condition", Map(("Bool", Map(("aws:SecureTransport", Str("false")))))))))),
            Map(("dependsOn", Seq(Ref("loadGenResultsBucketPublicAccessBlock")))));

        Res("loadGenLogGroup", "aws:cloudwatch:LogGroup", Map(("name", Str($"/ecs/{Svc}/${{pulumi.stack}}/loadgen")),
            ("retentionInDays", Int(_m.Cluster.LogRetentionDays))));

        Res("loadGenExecutionRole", "aws:iam:Role", Map(("namePrefix", Str($"{Svc}-lg-exec-")), ("assumeRolePolicy", AssumeRole("ecs-tasks.amazonaws.com"))));
        Res("loadGenExecutionPolicy", "aws:iam:RolePolicy", Map(("role", Ref("loadGenExecutionRole.id")), ("policy", Policy(
            Allow("EcrToken", Str("ecr:GetAuthorizationToken"), Str("*")), // the token action has no resource-level permissions
            Allow("PullImage", Strs("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"), Ref("loadGenRepository.arn")),
            Allow("WriteLogs", Strs("logs:CreateLogStream", "logs:PutLogEvents"), Str("${loadGenLogGroup.arn}:log-stream:*")),
            Allow("ReadIndexPassword", Str("secretsmanager:GetSecretValue"), Ref("credentialsSecret.arn"))))));
        Res("loadGenTaskRole", "aws:iam:Role", Map(("namePrefix", Str($"{Svc}-lg-task-")), ("assumeRolePolicy", AssumeRole("ecs-tasks.amazonaws.com"))));
        Res("loadGenTaskPolicy", "aws:iam:RolePolicy", Map(("role", Ref("loadGenTaskRole.id")), ("policy", Policy(
            Allow("WriteShardResults", Str("s3:PutObject"), Str($"${{loadGenResultsBucket.arn}}/{prefix}*"))))));

        Res("loadGenSecurityGroup", "aws:ec2:SecurityGroup", Map(("vpcId", Str(_vpcId)),
            ("description", Str("pypikit load generator: no ingress; HTTPS out to the ALB and the ECR, S3 and CloudWatch Logs endpoints")),
            ("egress", Seq(Map(("protocol", Str("tcp")), ("fromPort", Int(443)), ("toPort", Int(443)), ("cidrBlocks", Strs("0.0.0.0/0")),
                ("description", Str("HTTPS only: the ALB's public name (through NAT), ECR, S3, CloudWatch Logs"))))),
            ("tags", Map(("Name", Str(N("loadgen")))))));

        var container = Map(
            ("name", Str(LoadGeneratorOptions.ContainerName)),
            ("image", Str($"${{loadGenRepository.repositoryUrl}}:{o.ImageTag}")),
            ("essential", Bool(true)),
            ("command", Seq(Str("burst"), Str("--help"))),
            ("environment", Seq(
                Map(("name", Str("PYPIKIT_RESULTS_BUCKET")), ("value", Ref("loadGenResultsBucket.bucket"))),
                Map(("name", Str("PYPIKIT_RESULTS_PREFIX")), ("value", Str(prefix))))),
            // the index password, filled in by ECS from the secret (never a RunTask override: DescribeTasks shows those)
            ("secrets", Seq(Map(("name", Str(LoadGeneratorOptions.PasswordEnvironment)),
                ("valueFrom", Str($"${{credentialsSecret.arn}}:{LoadGeneratorOptions.PasswordSecretKey}::"))))),
            ("ulimits", Seq(Map(("name", Str("nofile")), ("softLimit", Int(65536)), ("hardLimit", Int(65536))))),
            ("logConfiguration", Map(("logDriver", Str("awslogs")), ("options", Map(
                ("awslogs-group", Ref("loadGenLogGroup.name")), ("awslogs-region", Ref("region")), ("awslogs-stream-prefix", Str("shard")))))));
        Res("loadGenTaskDefinition", "aws:ecs:TaskDefinition", Map(
            ("family", Str(N("loadgen"))),
            ("networkMode", Str("awsvpc")),
            ("requiresCompatibilities", Strs("FARGATE")),
            ("cpu", Str(cpu.Value.ToString(inv))),
            ("memory", Str(memory.Value.ToString(inv))),
            ("executionRoleArn", Ref("loadGenExecutionRole.arn")),
            ("taskRoleArn", Ref("loadGenTaskRole.arn")),
            ("runtimePlatform", Map(("operatingSystemFamily", Str("LINUX")), ("cpuArchitecture", Str(_m.Cluster.Architecture.EcsName())))),
            ("containerDefinitions", ToJson(Seq(container)))));

        _outputs.Set(LoadGeneratorOutputs.ClusterArn, Ref("cluster.arn"));
        _outputs.Set(LoadGeneratorOutputs.TaskDefinitionArn, Ref("loadGenTaskDefinition.arn"));
        _outputs.Set(LoadGeneratorOutputs.ContainerName, Str(LoadGeneratorOptions.ContainerName));
        _outputs.Set(LoadGeneratorOutputs.SubnetIds, Seq(_privateSubnets));
        _outputs.Set(LoadGeneratorOutputs.SecurityGroupId, Ref("loadGenSecurityGroup.id"));
        _outputs.Set(LoadGeneratorOutputs.Network, Map(("subnets", Seq(_privateSubnets)), ("securityGroups", Seq(Ref("loadGenSecurityGroup.id"))),
            ("assignPublicIp", Str("DISABLED"))));
        _outputs.Set(LoadGeneratorOutputs.ResultsBucket, Ref("loadGenResultsBucket.bucket"));
        _outputs.Set(LoadGeneratorOutputs.ResultsPrefix, Str(prefix));
        _outputs.Set(LoadGeneratorOutputs.RepositoryUrl, Ref("loadGenRepository.repositoryUrl"));
        _outputs.Set(LoadGeneratorOutputs.LogGroupName, Ref("loadGenLogGroup.name"));
    }
}
