namespace PypiKit.Telemetry.Aws;

/// <summary>
/// What PypiKit needs to know to reach one AWS service: the SigV4 signing name, the endpoint host prefix and the
/// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> suffix (the service id upper-cased with spaces as underscores, as the AWS SDKs
/// define it).
/// </summary>
public sealed record AwsService(string Name, string SigningName, string EndpointPrefix, string EnvSuffix)
{
    public static readonly AwsService Ecs = new("ECS", "ecs", "ecs", "ECS");
    public static readonly AwsService CloudWatch = new("CloudWatch", "monitoring", "monitoring", "CLOUDWATCH");
    public static readonly AwsService Logs = new("CloudWatchLogs", "logs", "logs", "CLOUDWATCH_LOGS");
    public static readonly AwsService Elbv2 = new("ELBv2", "elasticloadbalancing", "elasticloadbalancing", "ELASTIC_LOAD_BALANCING_V2");
    public static readonly AwsService SecretsManager = new("SecretsManager", "secretsmanager", "secretsmanager", "SECRETS_MANAGER");
    public static readonly AwsService Ssm = new("SSM", "ssm", "ssm", "SSM");
    public static readonly AwsService S3 = new("S3", "s3", "s3", "S3");
    public static readonly AwsService Ec2 = new("EC2", "ec2", "ec2", "EC2");
    public static readonly AwsService Sts = new("STS", "sts", "sts", "STS");
}
