using PypiKit.Sizing;
using System.Globalization;
using PypiKit.Automation.Model;
using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>
/// Renders a <see cref="StackModel"/> as a Pulumi YAML program (<c>runtime: yaml</c>). Output is deterministic: the same
/// model gives byte-identical files. JSON-valued inputs (IAM documents, container definitions, the dashboard, the
/// secret's JSON) are YAML trees under <c>fn::toJSON</c>; secret outputs are wrapped in <c>fn::secret</c>; secret config
/// is declared <c>secret: true</c> and its value never written to a file.
/// </summary>
public sealed partial class PulumiYamlRenderer
{
    private readonly StackModel _m;
    private readonly YMap _config = new();
    private readonly YMap _variables = new();
    private readonly YMap _resources = new();
    private readonly YMap _outputs = new();
    private readonly List<ConfigValue> _values = [];

    // references resolved once the network is rendered
    private string _vpcId = "", _vpcCidr = "";
    private List<YNode> _publicSubnets = [], _privateSubnets = [];

    private PulumiYamlRenderer(StackModel model) => _m = model;

    /// <summary>Renders <paramref name="model"/> for stack <paramref name="stackName"/>. <paramref name="secretValues"/> are kept in memory only (for <c>config set-all --secret</c>).</summary>
    public static RenderedStack Render(StackModel model, string stackName, IReadOnlyDictionary<string, string>? secretValues = null)
    {
        if (string.IsNullOrWhiteSpace(stackName) || stackName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new InvalidInputException("stack", $"stack name '{stackName}' must be letters, digits, '-', '_' or '.'.");
        var r = new PulumiYamlRenderer(model);
        return r.Build(stackName, secretValues ?? new Dictionary<string, string>());
    }

    private string P => _m.ProjectName;
    private string Svc => _m.ServiceName;
    /// <summary>A physical-name prefix unique per stack.</summary>
    private static string Named(string svc, string suffix) => $"{svc}-${{pulumi.stack}}-{suffix}";
    private string N(string suffix) => Named(Svc, suffix);

    private RenderedStack Build(string stackName, IReadOnlyDictionary<string, string> secrets)
    {
        DeclareConfig(secrets);
        Providers();
        Network();
        Credentials();
        Storage();
        LoadBalancer();
        Cluster();
        Service();
        Observability();
        if (_m.Backup.Enabled) Backup();
        Outputs();
        if (_m.Options.LoadGenerator is { } loadGenerator) LoadGenerator(loadGenerator);

        var program = Map(
            ("name", Str(P)),
            ("runtime", Str("yaml")),
            ("description", Str($"pypiserver on ECS + EFS behind an ALB ({Describe()}), rendered by PypiKit")),
            ("requiredPulumiVersion", Str($">={StackModel.MinimumPulumiVersion}")),
            ("config", _config),
            ("variables", _variables.Count > 0 ? _variables : null),
            ("resources", _resources),
            ("outputs", _outputs));

        var stackConfig = new YMap();
        foreach (var v in _values.Where(v => !v.IsSecret))
            stackConfig.Set($"{P}:{v.Key}", v.IsList ? Strs([.. v.Items]) : Str(v.Value));
        var stackFile = "# Plain config values of this stack. Secret values are never written here: set them with\n" +
                        "# 'pulumi config set --secret <key>' (PypiKit's driver does it with 'config set-all --secret').\n" +
                        YamlWriter.Write(Map(("config", stackConfig)));
        var header = "# Rendered by PypiKit from a StackModel — edit the model (or its options), not this file.\n" +
                     $"# Schema: @pulumi/aws {StackModel.AwsProviderVersion}, @pulumi/random {StackModel.RandomProviderVersion}.\n";
        return new RenderedStack(P, stackName, header + YamlWriter.Write(program), stackFile, _values);
    }

    private string Describe()
    {
        var parts = new List<string>
        {
            _m.Options.Shape == StackShape.Dev ? "dev, single AZ" : $"prod, {_m.Network.PrivateSubnetCount} AZs",
            _m.Cluster.Capacity switch { CapacityKind.Ec2 => $"EC2 {_m.Cluster.InstanceType}", CapacityKind.Fargate => "Fargate", _ => "Fargate Spot" },
            _m.Service.Scaling.Mode == ScalingMode.Step ? "CPU step scaling" : $"CPU target tracking {_m.Service.Scaling.TargetCpuPercent} %",
        };
        if (_m.LoadBalancer.CloudFront is not null) parts.Add("CloudFront");
        if (!_m.Network.CreateVpc) parts.Add("existing subnets");
        return string.Join(", ", parts);
    }

    // ---------------------------------------------------------------- config, providers

    private void DeclareConfig(IReadOnlyDictionary<string, string> secrets)
    {
        void Plain(string key, string type, string value, YNode? items = null)
        {
            _config.Set(key, Map(("type", Str(type)), ("items", items)));
            _values.Add(new ConfigValue(key, value, false) { IsList = type == "array" });
        }
        Plain("region", "string", _m.Region);
        Plain("domainName", "string", _m.LoadBalancer.DomainName);
        Plain("hostedZoneId", "string", _m.LoadBalancer.HostedZoneId);
        Plain("alarmEmails", "array", string.Join(',', _m.Observability.AlarmEmails), Map(("type", Str("string"))));
        Plain("imageTag", "string", _m.ImageTag);
        if (_m.Network.Existing is { } e)
        {
            Plain("vpcId", "string", e.VpcId);
            Plain("publicSubnetIds", "array", string.Join(',', e.PublicSubnetIds), Map(("type", Str("string"))));
            Plain("privateSubnetIds", "array", string.Join(',', e.PrivateSubnetIds), Map(("type", Str("string"))));
        }
        if (_m.Observability.AlarmWebhook)
        {
            _config.Set("alarmWebhookUrl", Map(("type", Str("string")), ("secret", Bool(true))));
            if (secrets.TryGetValue("alarmWebhookUrl", out var url)) _values.Add(new ConfigValue("alarmWebhookUrl", url, true));
        }
        foreach (var k in secrets.Keys.Where(k => k != "alarmWebhookUrl"))
            throw new InvalidInputException("secrets", $"secret '{k}' is not a config value of this stack (known: alarmWebhookUrl).");
    }

    private void Providers()
    {
        YMap DefaultTags() => Map(("tags", Map(
            ("pypikit:project", Str("${pulumi.project}")), ("pypikit:stack", Str("${pulumi.stack}")), ("pypikit:service", Str(Svc)))));
        Res("awsProvider", "pulumi:providers:aws", Map(("region", Ref("region")), ("defaultTags", DefaultTags())),
            Map(("version", Str(StackModel.AwsProviderVersion))), defaultProvider: true);
        Res("randomProvider", "pulumi:providers:random", new YMap(), Map(("version", Str(StackModel.RandomProviderVersion))), defaultProvider: true);
        if (_m.LoadBalancer.CloudFront is not null)
            Res("awsUsEast1", "pulumi:providers:aws", Map(("region", Str("us-east-1")), ("defaultTags", DefaultTags())),
                Map(("version", Str(StackModel.AwsProviderVersion))));
        _variables.Set("accountId", Invoke("aws:getCallerIdentity", new YMap(), "accountId"));
    }

    // ---------------------------------------------------------------- network

    private void Network()
    {
        var n = _m.Network;
        if (!n.CreateVpc)
        {
            var e = n.Existing!;
            _vpcId = "${vpcId}";
            _variables.Set("vpcCidr", Invoke("aws:ec2:getVpc", Map(("id", Ref("vpcId"))), "cidrBlock"));
            _vpcCidr = "${vpcCidr}";
            _publicSubnets = [.. Enumerable.Range(0, e.PublicSubnetIds.Count).Select(i => (YNode)Ref($"publicSubnetIds[{i}]"))];
            _privateSubnets = [.. Enumerable.Range(0, e.PrivateSubnetIds.Count).Select(i => (YNode)Ref($"privateSubnetIds[{i}]"))];
            return;
        }

        _variables.Set("availabilityZones", Invoke("aws:getAvailabilityZones", Map(("state", Str("available"))), "names"));
        Res("vpc", "aws:ec2:Vpc", Map(("cidrBlock", Str(n.VpcCidr)), ("enableDnsHostnames", Bool(true)), ("enableDnsSupport", Bool(true)),
            ("tags", Map(("Name", Str(N("vpc")))))));
        _vpcId = "${vpc.id}";
        _vpcCidr = "${vpc.cidrBlock}";
        Res("internetGateway", "aws:ec2:InternetGateway", Map(("vpcId", Str(_vpcId)), ("tags", Map(("Name", Str(N("igw")))))));
        Res("publicRouteTable", "aws:ec2:RouteTable", Map(("vpcId", Str(_vpcId)),
            ("routes", Seq(Map(("cidrBlock", Str("0.0.0.0/0")), ("gatewayId", Ref("internetGateway.id"))))),
            ("tags", Map(("Name", Str(N("public")))))));
        for (var i = 0; i < n.PublicSubnetCidrs.Count; i++)
        {
            Res($"publicSubnet{i}", "aws:ec2:Subnet", Map(("vpcId", Str(_vpcId)), ("cidrBlock", Str(n.PublicSubnetCidrs[i])),
                ("availabilityZone", Ref($"availabilityZones[{i}]")), ("mapPublicIpOnLaunch", Bool(false)),
                ("tags", Map(("Name", Str(N($"public-{i}"))), ("pypikit:tier", Str("public"))))));
            Res($"publicRouteTableAssociation{i}", "aws:ec2:RouteTableAssociation",
                Map(("subnetId", Ref($"publicSubnet{i}.id")), ("routeTableId", Ref("publicRouteTable.id"))));
            _publicSubnets.Add(Ref($"publicSubnet{i}.id"));
        }
        for (var i = 0; i < n.NatGateways; i++)
        {
            Res($"natEip{i}", "aws:ec2:Eip", Map(("domain", Str("vpc")), ("tags", Map(("Name", Str(N($"nat-{i}")))))));
            Res($"natGateway{i}", "aws:ec2:NatGateway", Map(("allocationId", Ref($"natEip{i}.id")), ("subnetId", Ref($"publicSubnet{i}.id")),
                ("tags", Map(("Name", Str(N($"nat-{i}")))))), Map(("dependsOn", Seq(Ref("internetGateway")))));
        }
        for (var i = 0; i < n.PrivateSubnetCidrs.Count; i++)
        {
            Res($"privateSubnet{i}", "aws:ec2:Subnet", Map(("vpcId", Str(_vpcId)), ("cidrBlock", Str(n.PrivateSubnetCidrs[i])),
                ("availabilityZone", Ref($"availabilityZones[{i}]")), ("mapPublicIpOnLaunch", Bool(false)),
                ("tags", Map(("Name", Str(N($"private-{i}"))), ("pypikit:tier", Str("private"))))));
            Res($"privateRouteTable{i}", "aws:ec2:RouteTable", Map(("vpcId", Str(_vpcId)),
                ("routes", Seq(Map(("cidrBlock", Str("0.0.0.0/0")), ("natGatewayId", Ref($"natGateway{Math.Min(i, n.NatGateways - 1)}.id"))))),
                ("tags", Map(("Name", Str(N($"private-{i}")))))));
            Res($"privateRouteTableAssociation{i}", "aws:ec2:RouteTableAssociation",
                Map(("subnetId", Ref($"privateSubnet{i}.id")), ("routeTableId", Ref($"privateRouteTable{i}.id"))));
            _privateSubnets.Add(Ref($"privateSubnet{i}.id"));
        }
    }

    // ---------------------------------------------------------------- credentials

    private void Credentials()
    {
        var c = _m.Credentials;
        Res("pypiUsername", "random:RandomPet", Map(("length", Int(c.UsernameWords)), ("separator", Str("-"))));
        Res("pypiPassword", "random:RandomPassword", Map(("length", Int(c.PasswordLength)), ("special", Bool(false)),
            ("minNumeric", Int(2)), ("minUpper", Int(2)), ("minLower", Int(2))));
        Res("credentialsSecret", "aws:secretsmanager:Secret", Map(("namePrefix", Str(N("credentials-"))),
            ("description", Str("Username, password and bcrypt hash for basic auth on the PyPI server (pypiserver htpasswd).")),
            ("recoveryWindowInDays", Int(c.RecoveryWindowDays))));
        Res("credentialsSecretVersion", "aws:secretsmanager:SecretVersion", Map(("secretId", Ref("credentialsSecret.id")),
            ("secretString", ToJson(Map(
                ("username", Ref("pypiUsername.id")),
                ("password", Ref("pypiPassword.result")),
                ("bcrypt_hash", Ref("pypiPassword.bcryptHash")),
                ("htpasswd", Str("${pypiUsername.id}:${pypiPassword.bcryptHash}")))))));
    }

    // ---------------------------------------------------------------- storage

    private void Storage()
    {
        var s = _m.Storage;
        var fs = Map(("creationToken", Str(N("packages"))), ("encrypted", Bool(true)),
            ("performanceMode", Str("generalPurpose")),
            ("throughputMode", Str(s.Throughput.ToString().ToLowerInvariant())),
            ("provisionedThroughputInMibps", s.ProvisionedMibps is { } p ? Int(p) : null),
            ("availabilityZoneName", s.OneZone && _m.Network.CreateVpc ? Ref("availabilityZones[0]") : null),
            ("lifecyclePolicies", s.TransitionToIaDays is { } d ? Seq(Map(("transitionToIa", Str($"AFTER_{d}_DAYS")))) : null),
            ("tags", Map(("Name", Str(N("packages"))))));
        Res("efsFileSystem", "aws:efs:FileSystem", fs);
        Res("efsSecurityGroup", "aws:ec2:SecurityGroup", Map(("vpcId", Str(_vpcId)),
            ("description", Str("NFS to the package volume, from inside the VPC only")),
            ("ingress", Seq(Map(("protocol", Str("tcp")), ("fromPort", Int(2049)), ("toPort", Int(2049)),
                ("cidrBlocks", Seq(Str(_vpcCidr))), ("description", Str("NFS from the VPC CIDR"))))),
            ("tags", Map(("Name", Str(N("efs")))))));
        var mountTargets = s.OneZone ? 1 : _privateSubnets.Count;
        for (var i = 0; i < mountTargets; i++)
            Res($"efsMountTarget{i}", "aws:efs:MountTarget", Map(("fileSystemId", Ref("efsFileSystem.id")),
                ("subnetId", _privateSubnets[i]), ("securityGroups", Seq(Ref("efsSecurityGroup.id")))));
        if (s.ReplicaRegion is { } replica)
            Res("efsReplication", "aws:efs:ReplicationConfiguration", Map(("sourceFileSystemId", Ref("efsFileSystem.id")),
                ("destination", Map(("region", Str(replica))))));
        Res("efsAccessPoint", "aws:efs:AccessPoint", Map(("fileSystemId", Ref("efsFileSystem.id")),
            ("posixUser", Map(("uid", Int(s.PosixUid)), ("gid", Int(s.PosixGid)))),
            ("rootDirectory", Map(("path", Str("/packages")),
                ("creationInfo", Map(("ownerUid", Int(s.PosixUid)), ("ownerGid", Int(s.PosixGid)), ("permissions", Str("0755")))))),
            ("tags", Map(("Name", Str(N("packages")))))));
        Res("efsFileSystemPolicy", "aws:efs:FileSystemPolicy", Map(("fileSystemId", Ref("efsFileSystem.id")),
            ("policy", ToJson(Map(("Version", Str("2012-10-17")), ("Statement", Seq(
                Map(("Sid", Str("DenyUnencryptedTransport")), ("Effect", Str("Deny")), ("Principal", Map(("AWS", Str("*")))),
                    ("Action", Str("*")), ("Resource", Ref("efsFileSystem.arn")),
                    ("Condition", Map(("Bool", Map(("aws:SecureTransport", Str("false"))))))),
                Map(("Sid", Str("AllowTaskRoleThroughAccessPoint")), ("Effect", Str("Allow")), ("Principal", Map(("AWS", Ref("taskRole.arn")))),
                    ("Action", Strs("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite")), ("Resource", Ref("efsFileSystem.arn")),
                    ("Condition", Map(("StringEquals", Map(("elasticfilesystem:AccessPointArn", Ref("efsAccessPoint.arn"))))))))))))));
    }

    // ---------------------------------------------------------------- load balancer, TLS, DNS

    private void LoadBalancer()
    {
        var lb = _m.LoadBalancer;
        var cf = lb.CloudFront;
        // access-log bucket: private, encrypted, versioned, TLS-only, expiring
        Res("accessLogBucket", "aws:s3:Bucket", Map(("bucketPrefix", Str($"{Svc}-alb-logs-")), ("forceDestroy", Bool(lb.ForceDestroy))));
        Res("accessLogBucketPublicAccessBlock", "aws:s3:BucketPublicAccessBlock", Map(("bucket", Ref("accessLogBucket.id")),
            ("blockPublicAcls", Bool(true)), ("blockPublicPolicy", Bool(true)), ("ignorePublicAcls", Bool(true)), ("restrictPublicBuckets", Bool(true))));
        Res("accessLogBucketOwnership", "aws:s3:BucketOwnershipControls", Map(("bucket", Ref("accessLogBucket.id")),
            ("rule", Map(("objectOwnership", Str("BucketOwnerEnforced"))))));
        Res("accessLogBucketEncryption", "aws:s3:BucketServerSideEncryptionConfiguration", Map(("bucket", Ref("accessLogBucket.id")),
            ("rules", Seq(Map(("applyServerSideEncryptionByDefault", Map(("sseAlgorithm", Str("AES256"))))))))); // ALB logs need SSE-S3
        Res("accessLogBucketVersioning", "aws:s3:BucketVersioning", Map(("bucket", Ref("accessLogBucket.id")),
            ("versioningConfiguration", Map(("status", Str("Enabled"))))));
        Res("accessLogBucketLifecycle", "aws:s3:BucketLifecycleConfiguration", Map(("bucket", Ref("accessLogBucket.id")),
            ("rules", Seq(Map(("id", Str("expire-access-logs")), ("status", Str("Enabled")), ("filter", Map(("prefix", Str("")))),
                ("expiration", Map(("days", Int(lb.AccessLogRetentionDays)))),
                ("noncurrentVersionExpiration", Map(("noncurrentDays", Int(7)))))))));
        _variables.Set("elbServiceAccountArn", Invoke("aws:elb:getServiceAccount", new YMap(), "arn"));
        Res("accessLogBucketPolicy", "aws:s3:BucketPolicy", Map(("bucket", Ref("accessLogBucket.id")),
            ("policy", ToJson(Map(("Version", Str("2012-10-17")), ("Statement", Seq(
                Map(("Sid", Str("DenyInsecureTransport")), ("Effect", Str("Deny")), ("Principal", Str("*")), ("Action", Str("s3:*")),
                    ("Resource", Seq(Ref("accessLogBucket.arn"), Str("${accessLogBucket.arn}/*"))),
                    ("Condition", Map(("Bool", Map(("aws:SecureTransport", Str("false"))))))),
                Map(("Sid", Str("AllowAlbAccessLogs")), ("Effect", Str("Allow")),
                    ("Principal", Map(("AWS", Ref("elbServiceAccountArn")), ("Service", Str("logdelivery.elasticloadbalancing.amazonaws.com")))),
                    ("Action", Str("s3:PutObject")), ("Resource", Str("${accessLogBucket.arn}/alb/AWSLogs/${accountId}/*"))))))))),
            Map(("dependsOn", Seq(Ref("accessLogBucketPublicAccessBlock")))));

        YNode ingress443;
        if (cf is not null)
        {
            _variables.Set("cloudFrontOriginPrefixList", Invoke("aws:ec2:getManagedPrefixList",
                Map(("name", Str("com.amazonaws.global.cloudfront.origin-facing"))), "id"));
            ingress443 = Seq(Map(("protocol", Str("tcp")), ("fromPort", Int(443)), ("toPort", Int(443)),
                ("prefixListIds", Seq(Ref("cloudFrontOriginPrefixList"))), ("description", Str("HTTPS from CloudFront only"))));
        }
        else
        {
            ingress443 = Seq(
                Map(("protocol", Str("tcp")), ("fromPort", Int(443)), ("toPort", Int(443)), ("cidrBlocks", Strs("0.0.0.0/0")),
                    ("ipv6CidrBlocks", Strs("::/0")), ("description", Str("HTTPS"))),
                Map(("protocol", Str("tcp")), ("fromPort", Int(80)), ("toPort", Int(80)), ("cidrBlocks", Strs("0.0.0.0/0")),
                    ("ipv6CidrBlocks", Strs("::/0")), ("description", Str("HTTP, redirected to HTTPS"))));
        }
        Res("albSecurityGroup", "aws:ec2:SecurityGroup", Map(("vpcId", Str(_vpcId)),
            ("description", Str("Internet-facing ALB of the PyPI server")),
            ("ingress", ingress443),
            ("egress", Seq(Map(("protocol", Str("tcp")), ("fromPort", Int(0)), ("toPort", Int(65535)), ("cidrBlocks", Seq(Str(_vpcCidr))),
                ("description", Str("to the targets inside the VPC"))))),
            ("tags", Map(("Name", Str(N("alb")))))));

        Res("alb", "aws:lb:LoadBalancer", Map(("namePrefix", Str(Svc[..Math.Min(6, Svc.Length)])),
            ("loadBalancerType", Str("application")), ("internal", Bool(false)),
            ("securityGroups", Seq(Ref("albSecurityGroup.id"))), ("subnets", Seq(_publicSubnets)),
            ("dropInvalidHeaderFields", Bool(true)), ("idleTimeout", Int(lb.IdleTimeoutSeconds)), ("enableHttp2", Bool(true)),
            ("accessLogs", Map(("bucket", Ref("accessLogBucket.id")), ("prefix", Str("alb")), ("enabled", Bool(true))))),
            Map(("dependsOn", Seq(Ref("accessLogBucketPolicy")))));

        var ec2 = _m.Cluster.UsesEc2;
        Res("targetGroup", "aws:lb:TargetGroup", Map(("namePrefix", Str(Svc[..Math.Min(6, Svc.Length)])),
            ("port", Int(_m.Service.ContainerPort)), ("protocol", Str("HTTP")), ("vpcId", Str(_vpcId)),
            ("targetType", Str(ec2 ? "instance" : "ip")), ("loadBalancingAlgorithmType", Str("round_robin")),
            ("deregistrationDelay", Int(lb.DeregistrationDelaySeconds)),
            ("healthCheck", Map(("enabled", Bool(true)), ("path", Str(lb.HealthCheck.Path)), ("port", Str("traffic-port")), ("protocol", Str("HTTP")),
                ("interval", Int(lb.HealthCheck.IntervalSeconds)), ("timeout", Int(lb.HealthCheck.TimeoutSeconds)),
                ("healthyThreshold", Int(lb.HealthCheck.HealthyThreshold)), ("unhealthyThreshold", Int(lb.HealthCheck.UnhealthyThreshold)),
                ("matcher", Str(lb.HealthCheck.Matcher)))),
            ("stickiness", Map(("type", Str("lb_cookie")), ("enabled", Bool(lb.StickinessEnabled)), ("cookieDuration", Int(86400))))));

        // ACM certificate for the ALB's name, validated through Route 53
        Certificate("certificate", lb.AlbDomainName, provider: null);
        Res("httpListener", "aws:lb:Listener", Map(("loadBalancerArn", Ref("alb.arn")), ("port", Int(80)), ("protocol", Str("HTTP")),
            ("defaultActions", Seq(Map(("type", Str("redirect")),
                ("redirect", Map(("port", Str("443")), ("protocol", Str("HTTPS")), ("statusCode", Str("HTTP_301")))))))));
        Res("httpsListener", "aws:lb:Listener", Map(("loadBalancerArn", Ref("alb.arn")), ("port", Int(443)), ("protocol", Str("HTTPS")),
            ("sslPolicy", Str(lb.SslPolicy)), ("certificateArn", Ref("certificateValidation.certificateArn")),
            ("defaultActions", Seq(Map(("type", Str("fixed-response")),
                ("fixedResponse", Map(("contentType", Str("text/plain")), ("messageBody", Str("unknown host")), ("statusCode", Str("404")))))))));
        var hosts = cf is null ? Strs("${domainName}") : Strs(lb.AlbDomainName);
        Res("httpsListenerRule", "aws:lb:ListenerRule", Map(("listenerArn", Ref("httpsListener.arn")), ("priority", Int(99)),
            ("conditions", Seq(Map(("hostHeader", Map(("values", hosts)))))),
            ("actions", Seq(Map(("type", Str("forward")), ("targetGroupArn", Ref("targetGroup.arn")))))));
        Res("albAliasRecord", "aws:route53:Record", Map(("zoneId", Ref("hostedZoneId")),
            ("name", cf is null ? Ref("domainName") : Str(lb.AlbDomainName)), ("type", Str("A")),
            ("aliases", Seq(Map(("name", Ref("alb.dnsName")), ("zoneId", Ref("alb.zoneId")), ("evaluateTargetHealth", Bool(true)))))));
        Res("caaRecord", "aws:route53:Record", Map(("zoneId", Ref("hostedZoneId")), ("name", Ref("domainName")), ("type", Str("CAA")),
            ("ttl", Int(300)), ("records", Strs("0 issue \"amazon.com\"", "0 issuewild \";\""))));

        if (cf is not null) CloudFront(cf);
    }

    private void Certificate(string name, string domain, string? provider)
    {
        var opts = provider is null ? null : Map(("provider", Ref(provider)));
        Res(name, "aws:acm:Certificate", Map(("domainName", Str(domain == _m.LoadBalancer.DomainName ? "${domainName}" : domain)),
            ("validationMethod", Str("DNS")), ("keyAlgorithm", Str("EC_prime256v1"))), opts is null ? null : Map(("provider", Ref(provider!))));
        Res($"{name}ValidationRecord", "aws:route53:Record", Map(("zoneId", Ref("hostedZoneId")),
            ("name", Ref($"{name}.domainValidationOptions[0].resourceRecordName")),
            ("type", Ref($"{name}.domainValidationOptions[0].resourceRecordType")),
            ("records", Seq(Ref($"{name}.domainValidationOptions[0].resourceRecordValue"))),
            ("ttl", Int(60)), ("allowOverwrite", Bool(true))));
        Res($"{name}Validation", "aws:acm:CertificateValidation", Map(("certificateArn", Ref($"{name}.arn")),
            ("validationRecordFqdns", Seq(Ref($"{name}ValidationRecord.fqdn")))), opts);
    }

    private void CloudFront(CloudFrontSpec cf)
    {
        Certificate("cloudFrontCertificate", _m.LoadBalancer.DomainName, provider: "awsUsEast1");
        YMap CacheKey(bool queryStrings) => Map(
            ("headersConfig", Map(("headerBehavior", Str("whitelist")), ("headers", Map(("items", Strs("Authorization")))))),
            ("cookiesConfig", Map(("cookieBehavior", Str("none")))),
            ("queryStringsConfig", Map(("queryStringBehavior", Str(queryStrings ? "all" : "none")))),
            ("enableAcceptEncodingGzip", Bool(true)), ("enableAcceptEncodingBrotli", Bool(true)));
        Res("packagesCachePolicy", "aws:cloudfront:CachePolicy", Map(("name", Str(N("packages"))),
            ("comment", Str("Package files are immutable: cache them, keyed on the credentials")),
            ("minTtl", Int(0)), ("defaultTtl", Int(cf.PackageTtlSeconds)), ("maxTtl", Int(31536000)),
            ("parametersInCacheKeyAndForwardedToOrigin", CacheKey(false))));
        Res("dynamicCachePolicy", "aws:cloudfront:CachePolicy", Map(("name", Str(N("dynamic"))),
            ("comment", Str("Index pages and uploads: not cached (TTL 0), Authorization forwarded")),
            ("minTtl", Int(0)), ("defaultTtl", Int(0)), ("maxTtl", Int(1)),
            ("parametersInCacheKeyAndForwardedToOrigin", CacheKey(true))));
        const string allViewerExceptHost = "b689b0a8-53d0-40ab-baf2-68738e2966ac"; // managed origin request policy
        YMap Behavior(string? path, string cachePolicy, bool writable) => Map(
            ("pathPattern", path is null ? null : Str(path)),
            ("targetOriginId", Str("alb")), ("viewerProtocolPolicy", Str("redirect-to-https")),
            ("allowedMethods", writable ? Strs("GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE") : Strs("GET", "HEAD")),
            ("cachedMethods", Strs("GET", "HEAD")), ("compress", Bool(true)),
            ("cachePolicyId", Ref($"{cachePolicy}.id")), ("originRequestPolicyId", Str(allViewerExceptHost)));
        Res("cloudFrontDistribution", "aws:cloudfront:Distribution", Map(
            ("enabled", Bool(true)), ("comment", Str($"{Svc} package files cached in front of the ALB")),
            ("aliases", Strs("${domainName}")), ("priceClass", Str(cf.PriceClass)), ("httpVersion", Str("http2and3")),
            ("isIpv6Enabled", Bool(true)),
            ("origins", Seq(Map(("originId", Str("alb")), ("domainName", Str(cf.OriginDomainName)),
                ("customOriginConfig", Map(("httpPort", Int(80)), ("httpsPort", Int(443)), ("originProtocolPolicy", Str("https-only")),
                    ("originSslProtocols", Strs("TLSv1.2")), ("originReadTimeout", Int(60))))))),
            ("defaultCacheBehavior", Behavior(null, "dynamicCachePolicy", writable: true)),
            ("orderedCacheBehaviors", Seq(Behavior("/packages/*", "packagesCachePolicy", writable: false))),
            ("restrictions", Map(("geoRestriction", Map(("restrictionType", Str("none")))))),
            ("viewerCertificate", Map(("acmCertificateArn", Ref("cloudFrontCertificateValidation.certificateArn")),
                ("sslSupportMethod", Str("sni-only")), ("minimumProtocolVersion", Str("TLSv1.2_2021"))))));
        Res("cloudFrontAliasRecord", "aws:route53:Record", Map(("zoneId", Ref("hostedZoneId")), ("name", Ref("domainName")), ("type", Str("A")),
            ("aliases", Seq(Map(("name", Ref("cloudFrontDistribution.domainName")), ("zoneId", Ref("cloudFrontDistribution.hostedZoneId")),
                ("evaluateTargetHealth", Bool(false)))))));
    }

    // ---------------------------------------------------------------- cluster and capacity

    private static YMap AssumeRole(string service) => ToJson(Map(("Version", Str("2012-10-17")), ("Statement", Seq(
        Map(("Effect", Str("Allow")), ("Principal", Map(("Service", Str(service)))), ("Action", Str("sts:AssumeRole")))))));

    private void Cluster()
    {
        var c = _m.Cluster;
        Res("cluster", "aws:ecs:Cluster", Map(("name", Str(N("cluster"))),
            ("settings", Seq(Map(("name", Str("containerInsights")), ("value", Str(Dashboard.ContainerInsightsSetting(c))))))));
        Res("logGroup", "aws:cloudwatch:LogGroup", Map(("name", Str($"/ecs/{Svc}/${{pulumi.stack}}")), ("retentionInDays", Int(c.LogRetentionDays))));

        if (!c.UsesEc2)
        {
            var strategy = c.Capacity == CapacityKind.Fargate
                ? Seq(Map(("capacityProvider", Str("FARGATE")), ("base", Int(1)), ("weight", Int(1))))
                : Seq(Map(("capacityProvider", Str("FARGATE")), ("base", Int(1)), ("weight", Int(0))),
                      Map(("capacityProvider", Str("FARGATE_SPOT")), ("weight", Int(1))));
            Res("clusterCapacityProviders", "aws:ecs:ClusterCapacityProviders", Map(("clusterName", Ref("cluster.name")),
                ("capacityProviders", Strs("FARGATE", "FARGATE_SPOT")), ("defaultCapacityProviderStrategies", strategy)));
            return;
        }

        _variables.Set("ecsAmiId", Invoke("aws:ssm:getParameter", Map(("name", Str(c.AmiParameter))), "value"));
        Res("instanceRole", "aws:iam:Role", Map(("namePrefix", Str($"{Svc}-instance-")), ("assumeRolePolicy", AssumeRole("ec2.amazonaws.com")),
            ("description", Str("ECS container instances of the PyPI server"))));
        Res("instanceRoleEcsPolicy", "aws:iam:RolePolicyAttachment", Map(("role", Ref("instanceRole.name")),
            ("policyArn", Str("arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"))));
        Res("instanceRoleSsmPolicy", "aws:iam:RolePolicyAttachment", Map(("role", Ref("instanceRole.name")),
            ("policyArn", Str("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"))));
        Res("instanceProfile", "aws:iam:InstanceProfile", Map(("namePrefix", Str($"{Svc}-instance-")), ("role", Ref("instanceRole.name"))));
        Res("instanceSecurityGroup", "aws:ec2:SecurityGroup", Map(("vpcId", Str(_vpcId)),
            ("description", Str("ECS container instances: dynamic host ports from the ALB only, no SSH")),
            ("ingress", Seq(Map(("protocol", Str("tcp")), ("fromPort", Int(32768)), ("toPort", Int(65535)),
                ("securityGroups", Seq(Ref("albSecurityGroup.id"))), ("description", Str("bridge-mode host ports from the ALB"))))),
            ("egress", Seq(Map(("protocol", Str("-1")), ("fromPort", Int(0)), ("toPort", Int(0)), ("cidrBlocks", Strs("0.0.0.0/0")),
                ("description", Str("image pulls, AWS APIs and EFS through the NAT / VPC"))))),
            ("tags", Map(("Name", Str(N("instances")))))));
        var userData = "#!/bin/bash\nset -euo pipefail\ncat >> /etc/ecs/ecs.config <<'ECSCONFIG'\nECS_CLUSTER=${cluster.name}\nECS_LOGLEVEL=info\n" +
                       "ECS_ENABLE_CONTAINER_METADATA=true\nECS_CONTAINER_STOP_TIMEOUT=30s\nECSCONFIG\n" + CloudWatchAgentUserData();
        CloudWatchAgentResources();
        Res("launchTemplate", "aws:ec2:LaunchTemplate", Map(("namePrefix", Str($"{Svc}-")), ("imageId", Ref("ecsAmiId")),
            ("instanceType", Str(c.InstanceType)), ("updateDefaultVersion", Bool(true)),
            ("iamInstanceProfile", Map(("arn", Ref("instanceProfile.arn")))),
            ("vpcSecurityGroupIds", Seq(Ref("instanceSecurityGroup.id"))),
            ("metadataOptions", Map(("httpEndpoint", Str("enabled")), ("httpTokens", Str("required")), ("httpPutResponseHopLimit", Int(1)))),
            ("monitoring", Map(("enabled", Bool(true)))),
            ("blockDeviceMappings", Seq(Map(("deviceName", Str("/dev/xvda")),
                ("ebs", Map(("volumeSize", Int(c.RootVolumeGib)), ("volumeType", Str("gp3")), ("encrypted", Str("true")), ("deleteOnTermination", Str("true"))))))),
            ("userData", ToBase64(Str(userData))),
            ("tagSpecifications", Seq(Map(("resourceType", Str("instance")), ("tags", Map(("Name", Str(N("ecs"))))))))));
        Res("autoScalingGroup", "aws:autoscaling:Group", Map(("namePrefix", Str($"{Svc}-")),
            ("minSize", Int(c.AsgMinSize)), ("maxSize", Int(c.AsgMaxSize)), ("desiredCapacity", Int(c.AsgMinSize)),
            ("vpcZoneIdentifiers", Seq(_privateSubnets)),
            ("launchTemplate", Map(("id", Ref("launchTemplate.id")), ("version", Ref("launchTemplate.latestVersion")))),
            ("protectFromScaleIn", Bool(true)), ("healthCheckType", Str("EC2")), ("healthCheckGracePeriod", Int(300)),
            ("defaultCooldown", Int(300)), ("maxInstanceLifetime", Int(2592000)),
            ("instanceRefresh", Map(("strategy", Str("Rolling")), ("preferences", Map(("minHealthyPercentage", Int(100)), ("maxHealthyPercentage", Int(200)),
                ("scaleInProtectedInstances", Str("Refresh")))))),
            ("tags", Seq(
                Map(("key", Str("AmazonECSManaged")), ("value", Str("true")), ("propagateAtLaunch", Bool(true))),
                Map(("key", Str("Name")), ("value", Str(N("ecs"))), ("propagateAtLaunch", Bool(true)))))),
            Map(("ignoreChanges", Strs("desiredCapacity"))));
        Res("capacityProvider", "aws:ecs:CapacityProvider", Map(("name", Str(N("ec2"))),
            ("autoScalingGroupProvider", Map(("autoScalingGroupArn", Ref("autoScalingGroup.arn")),
                ("managedTerminationProtection", Str("ENABLED")), ("managedDraining", Str("ENABLED")),
                ("managedScaling", Map(("status", Str("ENABLED")), ("targetCapacity", Int(100)), ("minimumScalingStepSize", Int(1)),
                    ("maximumScalingStepSize", Int(10)), ("instanceWarmupPeriod", Int(300))))))));
        Res("clusterCapacityProviders", "aws:ecs:ClusterCapacityProviders", Map(("clusterName", Ref("cluster.name")),
            ("capacityProviders", Seq(Ref("capacityProvider.name"))),
            ("defaultCapacityProviderStrategies", Seq(Map(("capacityProvider", Ref("capacityProvider.name")), ("base", Int(1)), ("weight", Int(100)))))));
    }

    // ---------------------------------------------------------------- task definition, service, autoscaling

    private void Service()
    {
        var s = _m.Service;
        var ec2 = _m.Cluster.UsesEc2;
        Res("taskExecutionRole", "aws:iam:Role", Map(("namePrefix", Str($"{Svc}-exec-")), ("assumeRolePolicy", AssumeRole("ecs-tasks.amazonaws.com")),
            ("description", Str("ECS agent: pull the image, write logs, read the credentials secret"))));
        Res("taskExecutionRolePolicy", "aws:iam:RolePolicyAttachment", Map(("role", Ref("taskExecutionRole.name")),
            ("policyArn", Str("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"))));
        Res("taskExecutionSecretPolicy", "aws:iam:RolePolicy", Map(("role", Ref("taskExecutionRole.id")),
            ("policy", ToJson(Map(("Version", Str("2012-10-17")), ("Statement", Seq(
                Map(("Effect", Str("Allow")), ("Action", Strs("secretsmanager:GetSecretValue")), ("Resource", Seq(Ref("credentialsSecret.arn")))))))))));
        Res("taskRole", "aws:iam:Role", Map(("namePrefix", Str($"{Svc}-task-")), ("assumeRolePolicy", AssumeRole("ecs-tasks.amazonaws.com")),
            ("description", Str("pypiserver tasks: mount the package volume through its access point"))));
        Res("taskEfsPolicy", "aws:iam:RolePolicy", Map(("role", Ref("taskRole.id")),
            ("policy", ToJson(Map(("Version", Str("2012-10-17")), ("Statement", Seq(
                Map(("Effect", Str("Allow")), ("Action", Strs("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite")),
                    ("Resource", Seq(Ref("efsFileSystem.arn"))),
                    ("Condition", Map(("StringEquals", Map(("elasticfilesystem:AccessPointArn", Ref("efsAccessPoint.arn"))))))))))))));

        var inv = CultureInfo.InvariantCulture;
        var script = string.Join('\n',
            "set -eu",
            "mkdir -p /tmp/pypikit && cd /tmp/pypikit",
            "umask 077",
            "printf '%s\\n' \"$$PYPISERVER_HTPASSWD\" > htpasswd",
            "printf 'import os\\nworkers = int(os.environ.get(\"GUNICORN_WORKERS\", \"4\"))\\nworker_class = \"gevent\"\\npreload_app = True\\nerrorlog = \"-\"\\n' > gunicorn.conf.py",
            "exec pypi-server " + string.Join(' ', s.PypiServerArgs));
        var container = Map(
            ("name", Str("pypiserver")),
            ("image", Str($"{s.Image}:${{imageTag}}")),
            ("essential", Bool(true)),
            ("cpu", Int(s.ContainerCpuUnits)),
            ("memory", Int(s.ContainerMemoryMb)),
            ("memoryReservation", Int(s.ContainerMemoryReservationMb)),
            ("user", Str($"{_m.Storage.PosixUid}:{_m.Storage.PosixGid}")),
            ("portMappings", Seq(Map(("containerPort", Int(s.ContainerPort)), ("hostPort", Int(ec2 ? 0 : s.ContainerPort)), ("protocol", Str("tcp"))))),
            ("environment", Seq(Map(("name", Str("GUNICORN_WORKERS")), ("value", Str(s.GunicornWorkers.ToString(inv)))))),
            ("secrets", Seq(Map(("name", Str("PYPISERVER_HTPASSWD")), ("valueFrom", Str("${credentialsSecret.arn}:htpasswd::"))))),
            ("entryPoint", Strs("/bin/sh", "-c")),
            ("command", Seq(Str(script))),
            ("mountPoints", Seq(Map(("sourceVolume", Str("packages")), ("containerPath", Str(ServiceSpec.PackagesPath)), ("readOnly", Bool(false))))),
            ("healthCheck", Map(
                ("command", Strs("CMD", "python", "-c", $"import urllib.request; urllib.request.urlopen('http://127.0.0.1:{s.ContainerPort}{_m.LoadBalancer.HealthCheck.Path}', timeout=4)")),
                ("interval", Int(30)), ("timeout", Int(5)), ("retries", Int(3)), ("startPeriod", Int(30)))),
            ("ulimits", Seq(Map(("name", Str("nofile")), ("softLimit", Int(65536)), ("hardLimit", Int(65536))))),
            ("logConfiguration", Map(("logDriver", Str("awslogs")), ("options", Map(
                ("awslogs-group", Ref("logGroup.name")), ("awslogs-region", Ref("region")), ("awslogs-stream-prefix", Str("pypiserver")))))));
        Res("taskDefinition", "aws:ecs:TaskDefinition", Map(
            ("family", Str(N("pypiserver"))),
            ("networkMode", Str(ec2 ? "bridge" : "awsvpc")),
            ("requiresCompatibilities", Strs(ec2 ? "EC2" : "FARGATE")),
            ("cpu", s.TaskCpuUnits is { } tc ? Str(tc.ToString(inv)) : null),
            ("memory", s.TaskMemoryMb is { } tm ? Str(tm.ToString(inv)) : null),
            ("runtimePlatform", Map(("operatingSystemFamily", Str("LINUX")), ("cpuArchitecture", Str(_m.Cluster.Architecture.EcsName())))),
            ("executionRoleArn", Ref("taskExecutionRole.arn")),
            ("taskRoleArn", Ref("taskRole.arn")),
            ("volumes", Seq(Map(("name", Str("packages")), ("efsVolumeConfiguration", Map(
                ("fileSystemId", Ref("efsFileSystem.id")), ("transitEncryption", Str("ENABLED")),
                ("authorizationConfig", Map(("accessPointId", Ref("efsAccessPoint.id")), ("iam", Str("ENABLED"))))))))),
            ("containerDefinitions", ToJson(Seq(container)))));

        if (!ec2)
            Res("taskSecurityGroup", "aws:ec2:SecurityGroup", Map(("vpcId", Str(_vpcId)),
                ("description", Str("pypiserver tasks: port 8080 from the ALB only")),
                ("ingress", Seq(Map(("protocol", Str("tcp")), ("fromPort", Int(s.ContainerPort)), ("toPort", Int(s.ContainerPort)),
                    ("securityGroups", Seq(Ref("albSecurityGroup.id"))), ("description", Str("from the ALB"))))),
                ("egress", Seq(Map(("protocol", Str("-1")), ("fromPort", Int(0)), ("toPort", Int(0)), ("cidrBlocks", Strs("0.0.0.0/0")),
                    ("description", Str("image pulls, Secrets Manager, EFS through the NAT / VPC"))))),
                ("tags", Map(("Name", Str(N("tasks")))))));

        var mountTargets = _resources.Keys.Where(k => k.StartsWith("efsMountTarget", StringComparison.Ordinal)).Select(k => (YNode)Ref(k));
        var strategy = _m.Cluster.Capacity switch
        {
            CapacityKind.Ec2 => Seq(Map(("capacityProvider", Ref("capacityProvider.name")), ("base", Int(1)), ("weight", Int(100)))),
            CapacityKind.Fargate => Seq(Map(("capacityProvider", Str("FARGATE")), ("base", Int(1)), ("weight", Int(1)))),
            _ => Seq(Map(("capacityProvider", Str("FARGATE")), ("base", Int(1)), ("weight", Int(0))),
                     Map(("capacityProvider", Str("FARGATE_SPOT")), ("weight", Int(1)))),
        };
        Res("service", "aws:ecs:Service", Map(
            ("name", Str("pypiserver")),
            ("cluster", Ref("cluster.arn")),
            ("taskDefinition", Ref("taskDefinition.arn")),
            ("desiredCount", Int(s.TaskMinCount)),
            ("capacityProviderStrategies", strategy),
            ("platformVersion", ec2 ? null : Str("1.4.0")),
            ("deploymentMinimumHealthyPercent", Int(100)),
            ("deploymentMaximumPercent", Int(200)),
            ("deploymentCircuitBreaker", Map(("enable", Bool(true)), ("rollback", Bool(true)))),
            ("healthCheckGracePeriodSeconds", Int(60)),
            ("loadBalancers", Seq(Map(("targetGroupArn", Ref("targetGroup.arn")), ("containerName", Str("pypiserver")), ("containerPort", Int(s.ContainerPort))))),
            ("networkConfiguration", ec2 ? null : Map(("subnets", Seq(_privateSubnets)), ("securityGroups", Seq(Ref("taskSecurityGroup.id"))), ("assignPublicIp", Bool(false)))),
            ("orderedPlacementStrategies", ec2 ? Seq(Map(("type", Str("spread")), ("field", Str("attribute:ecs.availability-zone"))),
                Map(("type", Str("spread")), ("field", Str("instanceId")))) : null),
            ("propagateTags", Str("SERVICE")),
            ("enableExecuteCommand", Bool(false))),
            Map(("dependsOn", Seq(new[] { Ref("httpsListenerRule"), Ref("clusterCapacityProviders") }.Concat(mountTargets))),
                ("ignoreChanges", Strs("desiredCount"))));

        Res("serviceScalingTarget", "aws:appautoscaling:Target", Map(
            ("minCapacity", Int(s.TaskMinCount)), ("maxCapacity", Int(s.TaskMaxCount)),
            ("resourceId", Str("service/${cluster.name}/${service.name}")),
            ("scalableDimension", Str("ecs:service:DesiredCount")), ("serviceNamespace", Str("ecs"))));
        YMap TargetRefs(YMap m) => m.Set("resourceId", Ref("serviceScalingTarget.resourceId"))
            .Set("scalableDimension", Ref("serviceScalingTarget.scalableDimension"))
            .Set("serviceNamespace", Ref("serviceScalingTarget.serviceNamespace"));
        var sc = s.Scaling;
        if (sc.Mode == ScalingMode.TargetTracking)
        {
            Res("serviceCpuScaling", "aws:appautoscaling:Policy", TargetRefs(Map(("name", Str(N("cpu-target"))), ("policyType", Str("TargetTrackingScaling"))))
                .Set("targetTrackingScalingPolicyConfiguration", Map(
                    ("predefinedMetricSpecification", Map(("predefinedMetricType", Str("ECSServiceAverageCPUUtilization")))),
                    ("targetValue", Int(sc.TargetCpuPercent)), ("scaleInCooldown", Int(sc.CooldownSeconds)), ("scaleOutCooldown", Int(sc.CooldownSeconds)))));
        }
        else
        {
            YMap Step(string bound, int adjustment) => Map(
                ("adjustmentType", Str("ChangeInCapacity")), ("cooldown", Int(sc.CooldownSeconds)), ("metricAggregationType", Str("Average")),
                ("stepAdjustments", Seq(Map((bound, Str("0")), ("scalingAdjustment", Int(adjustment))))));
            Res("serviceScaleOutPolicy", "aws:appautoscaling:Policy", TargetRefs(Map(("name", Str(N("cpu-step-out"))), ("policyType", Str("StepScaling"))))
                .Set("stepScalingPolicyConfiguration", Step("metricIntervalLowerBound", 1)));
            Res("serviceScaleInPolicy", "aws:appautoscaling:Policy", TargetRefs(Map(("name", Str(N("cpu-step-in"))), ("policyType", Str("StepScaling"))))
                .Set("stepScalingPolicyConfiguration", Step("metricIntervalUpperBound", -1)));
            Alarm("serviceCpuHighAlarm", "cpu-high-scale-out", $"Service CPU above {sc.ScaleOutAbovePercent} %: add a task",
                "AWS/ECS", "CPUUtilization", ServiceDims(), "Average", 60, 3, sc.ScaleOutAbovePercent, "GreaterThanThreshold",
                Seq(Ref("serviceScaleOutPolicy.arn")), notify: false);
            Alarm("serviceCpuLowAlarm", "cpu-low-scale-in", $"Service CPU below {sc.ScaleInBelowPercent} %: remove a task",
                "AWS/ECS", "CPUUtilization", ServiceDims(), "Average", 60, 15, sc.ScaleInBelowPercent, "LessThanThreshold",
                Seq(Ref("serviceScaleInPolicy.arn")), notify: false);
        }
    }

    private static YMap ServiceDims() => Map(("ClusterName", Ref("cluster.name")), ("ServiceName", Ref("service.name")));
    private static YMap AlbDims(bool targetGroup) => Map(("LoadBalancer", Ref("alb.arnSuffix")), ("TargetGroup", targetGroup ? Ref("targetGroup.arnSuffix") : null));

    private void Alarm(string name, string suffix, string description, string ns, string metric, YMap dims, string stat,
        int period, int evaluations, double threshold, string comparison, YSeq? actions = null, bool notify = true, string missing = "notBreaching")
    {
        var alarmActions = actions ?? Seq(Ref("alarmTopic.arn"));
        Res(name, "aws:cloudwatch:MetricAlarm", Map(("name", Str(N(suffix))), ("alarmDescription", Str(description)),
            ("namespace", Str(ns)), ("metricName", Str(metric)), ("dimensions", dims), ("statistic", Str(stat)),
            ("period", Int(period)), ("evaluationPeriods", Int(evaluations)), ("threshold", Num(threshold)),
            ("comparisonOperator", Str(comparison)), ("treatMissingData", Str(missing)),
            ("alarmActions", alarmActions), ("okActions", notify ? Seq(Ref("alarmTopic.arn")) : null)));
    }

    // ---------------------------------------------------------------- observability

    private void Observability()
    {
        var o = _m.Observability;
        Res("alarmTopicKey", "aws:kms:Key", Map(("description", Str("Encrypts the alarm topic; CloudWatch may use it to publish")),
            ("enableKeyRotation", Bool(true)), ("deletionWindowInDays", Int(7)),
            ("policy", ToJson(Map(("Version", Str("2012-10-17")), ("Statement", Seq(
                Map(("Sid", Str("AccountAdministers")), ("Effect", Str("Allow")), ("Principal", Map(("AWS", Str("arn:aws:iam::${accountId}:root")))),
                    ("Action", Str("kms:*")), ("Resource", Str("*"))),
                Map(("Sid", Str("CloudWatchAlarmsPublish")), ("Effect", Str("Allow")), ("Principal", Map(("Service", Str("cloudwatch.amazonaws.com")))),
                    ("Action", Strs("kms:Decrypt", "kms:GenerateDataKey*")), ("Resource", Str("*"))))))))));
        Res("alarmTopic", "aws:sns:Topic", Map(("name", Str(N("alarms"))), ("kmsMasterKeyId", Ref("alarmTopicKey.id"))));
        for (var i = 0; i < o.AlarmEmails.Count; i++)
            Res($"alarmEmailSubscription{i}", "aws:sns:TopicSubscription", Map(("topic", Ref("alarmTopic.arn")), ("protocol", Str("email")),
                ("endpoint", Ref($"alarmEmails[{i}]"))));
        if (o.AlarmWebhook)
            Res("alarmWebhookSubscription", "aws:sns:TopicSubscription", Map(("topic", Ref("alarmTopic.arn")), ("protocol", Str("https")),
                ("endpoint", Ref("alarmWebhookUrl")), ("endpointAutoConfirms", Bool(true))));

        StackAlarmResources();

        Res("dashboard", "aws:cloudwatch:Dashboard", Map(("dashboardName", Str(N("pypiserver"))),
            ("dashboardBody", ToJson(Dashboard.Body(_m)))));
    }

    // ---------------------------------------------------------------- backup

    private void Backup()
    {
        var b = _m.Backup;
        Res("backupVault", "aws:backup:Vault", Map(("name", Str(N("efs-backup"))), ("forceDestroy", Bool(b.ForceDestroy))));
        Res("backupRole", "aws:iam:Role", Map(("namePrefix", Str($"{Svc}-backup-")), ("assumeRolePolicy", AssumeRole("backup.amazonaws.com"))));
        Res("backupRoleBackupPolicy", "aws:iam:RolePolicyAttachment", Map(("role", Ref("backupRole.name")),
            ("policyArn", Str("arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"))));
        Res("backupRoleRestorePolicy", "aws:iam:RolePolicyAttachment", Map(("role", Ref("backupRole.name")),
            ("policyArn", Str("arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores"))));
        Res("backupPlan", "aws:backup:Plan", Map(("name", Str(N("efs"))), ("rules", Seq(Map(
            ("ruleName", Str(b.IntervalHours >= 24 ? "daily_backup" : $"every_{b.IntervalHours}h_backup")), ("targetVaultName", Ref("backupVault.name")), ("schedule", Str(b.Schedule)),
            ("lifecycle", Map(("deleteAfter", Int(b.RetentionDays)))))))));
        Res("backupSelection", "aws:backup:Selection", Map(("name", Str(N("efs"))), ("planId", Ref("backupPlan.id")),
            ("iamRoleArn", Ref("backupRole.arn")), ("resources", Seq(Ref("efsFileSystem.arn")))));
    }

    // ---------------------------------------------------------------- outputs

    private void Outputs()
    {
        var z = _m.Sizing;
        _outputs.Set("url", Str("https://${domainName}"));
        _outputs.Set("username", Secret(Ref("pypiUsername.id")));
        _outputs.Set("password", Secret(Ref("pypiPassword.result")));
        _outputs.Set("credentialsSecretArn", Ref("credentialsSecret.arn"));
        _outputs.Set("loadBalancerArn", Ref("alb.arn"));
        _outputs.Set("loadBalancerDnsName", Ref("alb.dnsName"));
        _outputs.Set("targetGroupArn", Ref("targetGroup.arn"));
        _outputs.Set("clusterName", Ref("cluster.name"));
        _outputs.Set("serviceName", Ref("service.name"));
        if (_m.Cluster.UsesEc2) _outputs.Set("asgName", Ref("autoScalingGroup.name"));
        _outputs.Set("efsFileSystemId", Ref("efsFileSystem.id"));
        _outputs.Set("alarmTopicArn", Ref("alarmTopic.arn"));
        _outputs.Set("dashboardName", Ref("dashboard.dashboardName"));
        _outputs.Set("dashboardUrl", Str("https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${dashboard.dashboardName}"));
        if (_m.LoadBalancer.CloudFront is not null) _outputs.Set("cloudFrontDomainName", Ref("cloudFrontDistribution.domainName"));
        TelemetryOutputs();
        _outputs.Set("capacityInfo", Map(
            ("instance_type", Str(z.InstanceType)), ("instance_vcpu_count", Int(z.InstanceVcpuCount)), ("instance_ram_mb", Int(z.InstanceRamMb)),
            ("container_memory_mb", Int(z.ContainerMemoryMb)), ("container_memory_reservation_mb", Int(z.ContainerMemoryReservationMb)),
            ("container_cpu_units", Int(z.ContainerCpuUnits)), ("gunicorn_workers_per_container", Int(z.GunicornWorkersPerContainer)),
            ("tasks_per_instance", Int(z.TasksPerInstance)), ("limiting_factor", Str(z.LimitingFactor)),
            ("asg_instance_count", Int(z.AsgMinSize)), ("actual_task_min_count", Int(z.TaskMinCount)), ("actual_task_max_count", Int(z.TaskMaxCount))));
    }

    // ---------------------------------------------------------------- helpers

    private void Res(string name, string type, YMap properties, YMap? options = null, bool defaultProvider = false)
    {
        if (_resources.ContainsKey(name)) throw new InvalidOperationException($"resource '{name}' rendered twice");
        _resources.Set(name, Map(("type", Str(type)), ("defaultProvider", defaultProvider ? Bool(true) : null),
            ("properties", properties), ("options", options is { Count: > 0 } ? options : null)));
    }
}
