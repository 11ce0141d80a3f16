namespace PypiKit.Telemetry.Aws;

/// <summary>
/// Every AWS client PypiKit uses, over one <see cref="AwsSession"/>:
/// <code>using var aws = AwsClients.Create(new AwsOptions { Region = "us-west-2" });
/// var service = await aws.Ecs.DescribeServicesAsync("pypi", ["pypi"]);</code>
/// </summary>
public sealed class AwsClients : IDisposable
{
    private readonly Lazy<AlbLogSource> _albLogs;
    private readonly Lazy<Ec2Client> _ec2;

    public AwsClients(AwsSession session)
    {
        Session = session;
        Ecs = new EcsClient(session);
        CloudWatch = new CloudWatchClient(session);
        Logs = new LogsClient(session);
        Elbv2 = new Elbv2Client(session);
        SecretsManager = new SecretsManagerClient(session);
        Ssm = new SsmClient(session);
        _albLogs = new Lazy<AlbLogSource>(() => new AlbLogSource(session));
        _ec2 = new Lazy<Ec2Client>(() => new Ec2Client(session));
    }

    public static AwsClients Create(AwsOptions? options = null) => new(AwsSession.Create(options));

    public AwsSession Session { get; }
    public EcsClient Ecs { get; }
    public CloudWatchClient CloudWatch { get; }
    public LogsClient Logs { get; }
    public Elbv2Client Elbv2 { get; }
    public SecretsManagerClient SecretsManager { get; }
    public SsmClient Ssm { get; }

    /// <summary>EC2 (AWSSDK.EC2): the instances of an Auto Scaling group (created on first use).</summary>
    public Ec2Client Ec2 => _ec2.Value;

    /// <summary>S3 reader for ALB access logs (created on first use).</summary>
    public AlbLogSource AlbLogs => _albLogs.Value;

    public void Dispose()
    {
        if (_albLogs.IsValueCreated) _albLogs.Value.Dispose();
        Ssm.Dispose();
        if (_ec2.IsValueCreated) _ec2.Value.Dispose();
        Session.Dispose();
    }
}
