using System.Text.RegularExpressions;
using PypiKit.Automation.Rendering;
using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.ProgramView;

namespace PypiKit.Automation.Policy;

/// <summary>A broken rule: which policy, which resource (or config/output key), what is wrong.</summary>
public sealed record PolicyViolation(string Policy, string Subject, string Message)
{
    public override string ToString() => $"[{Policy}] {Subject}: {Message}";
}

/// <summary>One policy: a stable id, what it demands, and the check.</summary>
public sealed record PolicyRule(string Id, string Description, Func<ProgramView, IEnumerable<PolicyViolation>> Check);

/// <summary>Outcome of every policy over one program.</summary>
public sealed record PolicyReport(IReadOnlyList<(PolicyRule Rule, IReadOnlyList<PolicyViolation> Violations)> Results)
{
    public IEnumerable<PolicyViolation> Violations => Results.SelectMany(r => r.Violations);
    public bool Passed => !Violations.Any();
    public override string ToString() => string.Join('\n', Results.Select(r =>
        $"{(r.Violations.Count == 0 ? "pass" : "FAIL")}  {r.Rule.Id}: {r.Rule.Description}" +
        string.Concat(r.Violations.Select(v => "\n      " + v.Subject + ": " + v.Message))));
}

/// <summary>
/// Security policies every rendered stack must satisfy, checked on the program text (so a hand-edited Pulumi.yaml is
/// checked too): tasks in private subnets, only the ALB public, NFS from the VPC CIDR only, encryption at rest and in
/// transit, HTTPS only, IMDSv2, no wildcard IAM, no secrets in plain config, a locked-down log bucket.
/// </summary>
public static partial class PolicyChecks
{
    private const string Subnet = "aws:ec2/subnet:Subnet", RouteTable = "aws:ec2/routeTable:RouteTable",
        Rta = "aws:ec2/routeTableAssociation:RouteTableAssociation", Igw = "aws:ec2/internetGateway:InternetGateway",
        Sg = "aws:ec2/securityGroup:SecurityGroup", Lt = "aws:ec2/launchTemplate:LaunchTemplate", Asg = "aws:autoscaling/group:Group",
        EcsService = "aws:ecs/service:Service", TaskDef = "aws:ecs/taskDefinition:TaskDefinition", Lb = "aws:lb/loadBalancer:LoadBalancer",
        Listener = "aws:lb/listener:Listener", ListenerRule = "aws:lb/listenerRule:ListenerRule", Efs = "aws:efs/fileSystem:FileSystem",
        MountTarget = "aws:efs/mountTarget:MountTarget", EfsPolicy = "aws:efs/fileSystemPolicy:FileSystemPolicy",
        Bucket = "aws:s3/bucket:Bucket", Pab = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        Sse = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        BucketPolicy = "aws:s3/bucketPolicy:BucketPolicy", Topic = "aws:sns/topic:Topic", Role = "aws:iam/role:Role",
        RolePolicy = "aws:iam/rolePolicy:RolePolicy", Attachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        IamPolicy = "aws:iam/policy:Policy", Vpc = "aws:ec2/vpc:Vpc", Eip = "aws:ec2/eip:Eip", Nat = "aws:ec2/natGateway:NatGateway",
        Distribution = "aws:cloudfront/distribution:Distribution", SecretVersion = "aws:secretsmanager/secretVersion:SecretVersion";

    public static IReadOnlyList<PolicyRule> Rules { get; } =
    [
        new("tasks-in-private-subnets", "ECS tasks and container instances run in private subnets without public IPs", TasksInPrivateSubnets),
        new("only-alb-public", "only the application load balancer (and a CloudFront distribution in front of it) faces the internet", OnlyAlbPublic),
        new("efs-nfs-from-vpc-cidr-only", "EFS mount targets accept NFS (TCP 2049) from the VPC CIDR only", EfsFromVpcOnly),
        new("encryption-at-rest", "EFS, EBS root volumes, S3 buckets and the SNS topic are encrypted at rest", EncryptionAtRest),
        new("encryption-in-transit", "EFS mounts use TLS and the file system denies non-TLS access; CloudFront talks HTTPS to the origin", EncryptionInTransit),
        new("https-only", "clients reach the service over HTTPS (TLS 1.3 policy); port 80 only redirects", HttpsOnly),
        new("imdsv2-required", "EC2 instances require IMDSv2 tokens", Imdsv2),
        new("iam-no-wildcards", "no IAM identity policy allows '*' actions on '*' resources; no admin managed policies", IamNoWildcards),
        new("secrets-not-in-plain-config", "secrets live in Secrets Manager or secret config, never in plain config, env vars or plain outputs", SecretsNotPlain),
        new("log-bucket-locked", "S3 buckets (ALB access logs) block public access and require TLS", LogBucketLocked),
        new("loadgen-s3-put-only", "the load generator's task role may only s3:PutObject under its results prefix", LoadGenS3PutOnly),
        new("loadgen-logs-scoped", "the load generator's execution role writes only its own log group, with no managed policies", LoadGenLogsScoped),
        new("loadgen-no-public-ip", "load-generator tasks run in private subnets without public IPs, no ingress, HTTPS egress only", LoadGenNoPublicIp),
    ];

    public static PolicyReport Run(RenderedStack stack) => Run(stack.Program, YamlReader.Read(stack.StackConfigYaml) as YMap);

    public static PolicyReport Run(YMap program, YMap? stackConfig = null)
    {
        var view = new ProgramView(program, stackConfig);
        return new PolicyReport([.. Rules.Select(r => (r, (IReadOnlyList<PolicyViolation>)[.. r.Check(view)]))]);
    }

    // ------------------------------------------------------------------------------------------------ network

    /// <summary>Is the subnet expression private: a subnet resource without a route to an internet gateway and without public IPs on launch, or an item of the <c>privateSubnetIds</c> config list.</summary>
    private static bool IsPrivateSubnet(ProgramView v, string expr)
    {
        var root = RootOf(expr);
        if (root == "privateSubnetIds" && v.Config.ContainsKey("privateSubnetIds")) return true;
        var subnet = v.Get(root);
        if (subnet is null || subnet.Token != Subnet) return false;
        if (IsTrue(subnet.Properties["mapPublicIpOnLaunch"])) return false;
        var tables = v.OfType(Rta).Where(a => References(a.Properties["subnetId"], root))
            .Select(a => v.Get(RootOf(Refs(a.Properties["routeTableId"]).FirstOrDefault() ?? ""))).OfType<ProgramResource>();
        return !tables.Any(t => AsList(t.Properties["routes"]).OfType<YMap>()
            .Any(r => Refs(r["gatewayId"]).Any(g => v.Get(RootOf(g))?.Token == Igw)));
    }

    private static IEnumerable<PolicyViolation> TasksInPrivateSubnets(ProgramView v)
    {
        const string id = "tasks-in-private-subnets";
        var services = v.OfType(EcsService).ToList();
        if (services.Count == 0) yield return new(id, "(program)", "no ECS service found");
        foreach (var s in services)
        {
            if (s.Properties.Map("networkConfiguration") is { } nc)
            {
                if (IsTrue(nc["assignPublicIp"])) yield return new(id, s.Name, "assignPublicIp is true");
                var subnets = Refs(nc["subnets"]).ToList();
                if (subnets.Count == 0) yield return new(id, s.Name, "networkConfiguration has no subnet references");
                foreach (var e in subnets.Where(e => !IsPrivateSubnet(v, e))) yield return new(id, s.Name, $"subnet ${{{e}}} is not private");
            }
            else if (!v.OfType(Asg).Any()) yield return new(id, s.Name, "service has neither a networkConfiguration nor EC2 capacity");
        }
        foreach (var g in v.OfType(Asg))
        {
            var subnets = Refs(g.Properties["vpcZoneIdentifiers"]).ToList();
            if (subnets.Count == 0) yield return new(id, g.Name, "vpcZoneIdentifiers has no subnet references");
            foreach (var e in subnets.Where(e => !IsPrivateSubnet(v, e))) yield return new(id, g.Name, $"subnet ${{{e}}} is not private");
        }
        foreach (var lt in v.OfType(Lt))
            foreach (var ni in AsList(lt.Properties["networkInterfaces"]).OfType<YMap>())
                if (IsTrue(ni["associatePublicIpAddress"])) yield return new(id, lt.Name, "launch template associates a public IP address");
    }

    private static bool OpenToWorld(YMap rule) =>
        AsList(rule["cidrBlocks"]).Any(c => Text(c) == "0.0.0.0/0") || AsList(rule["ipv6CidrBlocks"]).Any(c => Text(c) == "::/0");

    private static IEnumerable<PolicyViolation> OnlyAlbPublic(ProgramView v)
    {
        const string id = "only-alb-public";
        var publicLbs = v.OfType(Lb).Where(l => !IsTrue(l.Properties["internal"])).ToList();
        if (publicLbs.Count == 0) yield return new(id, "(program)", "no internet-facing load balancer found");
        foreach (var l in publicLbs.Where(l => Text(l.Properties["loadBalancerType"]) is not (null or "application")))
            yield return new(id, l.Name, "internet-facing load balancer is not an application load balancer");
        if (publicLbs.Count > 1) yield return new(id, string.Join(", ", publicLbs.Select(l => l.Name)), "more than one internet-facing load balancer");
        var albGroups = publicLbs.SelectMany(l => Refs(l.Properties["securityGroups"])).Select(RootOf).ToHashSet();
        var frontedByCloudFront = v.OfType(Distribution).Any();
        foreach (var sg in v.OfType(Sg))
            foreach (var rule in AsList(sg.Properties["ingress"]).OfType<YMap>())
            {
                var world = OpenToWorld(rule);
                var prefixOnly = rule.ContainsKey("prefixListIds");
                if (!world && !prefixOnly) continue;
                if (!albGroups.Contains(sg.Name)) { yield return new(id, sg.Name, "security group open to the internet is not the ALB's"); continue; }
                var from = (rule["fromPort"] as YScalar)?.AsLong; var to = (rule["toPort"] as YScalar)?.AsLong;
                if (from != to || from is not (80 or 443)) yield return new(id, sg.Name, $"ALB ingress from the internet on ports {from}-{to} (only 80/443)");
                if (prefixOnly && !frontedByCloudFront) yield return new(id, sg.Name, "prefix-list ingress without a CloudFront distribution");
            }
        foreach (var s in v.OfType(Subnet).Where(s => IsTrue(s.Properties["mapPublicIpOnLaunch"])))
            yield return new(id, s.Name, "subnet assigns public IPs on launch");
        foreach (var e in v.OfType(Eip))
            if (!v.OfType(Nat).Any(n => References(n.Properties["allocationId"], e.Name)))
                yield return new(id, e.Name, "elastic IP not used by a NAT gateway");
        foreach (var s in v.OfType(EcsService))
            if (IsTrue(s.Properties.Map("networkConfiguration")?["assignPublicIp"])) yield return new(id, s.Name, "ECS service assigns public IPs");
        foreach (var d in v.OfType(Distribution))
            foreach (var o in AsList(d.Properties["origins"]).OfType<YMap>())
            {
                var domain = Text(o["domainName"]) ?? "";
                var albName = v.OfType("aws:route53/record:Record").Where(r => AsList(r.Properties["aliases"]).OfType<YMap>().Any(a => Refs(a["name"]).Any(x => publicLbs.Any(l => RootOf(x) == l.Name))))
                    .Select(r => Text(r.Properties["name"])).ToHashSet();
                if (!albName.Contains(domain) && !publicLbs.Any(l => References(o["domainName"], l.Name)))
                    yield return new(id, d.Name, $"CloudFront origin '{domain}' is not the ALB");
            }
    }

    private static bool IsVpcCidr(ProgramView v, string expr)
    {
        var root = RootOf(expr);
        if (v.Get(root) is { Token: Vpc } && expr == $"{root}.cidrBlock") return true;
        if (v.Variables[root] is YMap var && var.Map("fn::invoke") is { } inv)
            return inv.Str("function") is "aws:ec2:getVpc" or "aws:ec2/getVpc:getVpc" && inv.Str("return") == "cidrBlock";
        return false;
    }

    private static IEnumerable<PolicyViolation> EfsFromVpcOnly(ProgramView v)
    {
        const string id = "efs-nfs-from-vpc-cidr-only";
        var targets = v.OfType(MountTarget).ToList();
        if (targets.Count == 0) yield return new(id, "(program)", "no EFS mount target found");
        var groups = targets.SelectMany(t => Refs(t.Properties["securityGroups"])).Select(RootOf).Distinct().ToList();
        if (targets.Count > 0 && groups.Count == 0) yield return new(id, targets[0].Name, "mount target without a security group (the VPC default group would apply)");
        foreach (var name in groups)
        {
            if (v.Get(name) is not { Token: Sg } sg) { yield return new(id, name, "mount target security group is not defined in the program"); continue; }
            var rules = AsList(sg.Properties["ingress"]).OfType<YMap>().ToList();
            if (rules.Count == 0) yield return new(id, sg.Name, "no ingress rule for NFS");
            foreach (var r in rules)
            {
                var from = (r["fromPort"] as YScalar)?.AsLong; var to = (r["toPort"] as YScalar)?.AsLong;
                if (Text(r["protocol"]) != "tcp" || from != 2049 || to != 2049) yield return new(id, sg.Name, $"ingress {Text(r["protocol"])} {from}-{to} is not TCP 2049");
                var cidrs = AsList(r["cidrBlocks"]).ToList();
                if (cidrs.Count != 1 || Text(cidrs[0]) is not { } c || !c.StartsWith("${", StringComparison.Ordinal) || !IsVpcCidr(v, Refs(cidrs[0]).First()))
                    yield return new(id, sg.Name, "NFS ingress must come from exactly the VPC CIDR");
                foreach (var k in new[] { "securityGroups", "ipv6CidrBlocks", "prefixListIds", "self" }.Where(r.ContainsKey))
                    yield return new(id, sg.Name, $"NFS ingress also allows '{k}'");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ encryption

    private static IEnumerable<PolicyViolation> EncryptionAtRest(ProgramView v)
    {
        const string id = "encryption-at-rest";
        var fss = v.OfType(Efs).ToList();
        if (fss.Count == 0) yield return new(id, "(program)", "no EFS file system found");
        foreach (var f in fss.Where(f => !IsTrue(f.Properties["encrypted"]))) yield return new(id, f.Name, "EFS file system is not encrypted");
        foreach (var lt in v.OfType(Lt))
        {
            var maps = AsList(lt.Properties["blockDeviceMappings"]).OfType<YMap>().ToList();
            if (maps.Count == 0) yield return new(id, lt.Name, "launch template does not declare its root volume (encryption unknown)");
            foreach (var m in maps.Where(m => !IsTrue(m.Map("ebs")?["encrypted"]))) yield return new(id, lt.Name, $"EBS volume {m.Str("deviceName")} is not encrypted");
        }
        foreach (var b in v.OfType(Bucket))
            if (!v.OfType(Sse).Any(s => References(s.Properties["bucket"], b.Name)) && b.Properties["serverSideEncryptionConfiguration"] is null)
                yield return new(id, b.Name, "S3 bucket has no server-side encryption configuration");
        foreach (var t in v.OfType(Topic).Where(t => t.Properties["kmsMasterKeyId"] is null)) yield return new(id, t.Name, "SNS topic is not encrypted (kmsMasterKeyId)");
    }

    private static IEnumerable<PolicyViolation> EncryptionInTransit(ProgramView v)
    {
        const string id = "encryption-in-transit";
        var efsVolumes = 0;
        foreach (var td in v.OfType(TaskDef))
            foreach (var vol in AsList(td.Properties["volumes"]).OfType<YMap>())
                if (vol.Map("efsVolumeConfiguration") is { } efs)
                {
                    efsVolumes++;
                    if (efs.Str("transitEncryption") != "ENABLED") yield return new(id, td.Name, $"EFS volume '{vol.Str("name")}' without transitEncryption ENABLED");
                }
        if (efsVolumes == 0) yield return new(id, "(program)", "no task definition mounts EFS");
        foreach (var f in v.OfType(Efs))
        {
            var denies = v.OfType(EfsPolicy).Where(p => References(p.Properties["fileSystemId"], f.Name))
                .SelectMany(p => Statements(p.Properties["policy"])).Any(s => Text(s["Effect"]) == "Deny" && DeniesInsecureTransport(s));
            if (!denies) yield return new(id, f.Name, "no file system policy denies access without TLS (aws:SecureTransport)");
        }
        foreach (var d in v.OfType(Distribution))
            foreach (var o in AsList(d.Properties["origins"]).OfType<YMap>())
                if (o.Map("customOriginConfig")?.Str("originProtocolPolicy") != "https-only")
                    yield return new(id, d.Name, $"origin '{o.Str("originId")}' is not https-only");
    }

    private static IEnumerable<YMap> Statements(YNode? policy) =>
        JsonDoc(policy) is YMap doc ? AsList(doc["Statement"]).OfType<YMap>() : [];

    private static bool DeniesInsecureTransport(YMap statement) =>
        statement.Map("Condition")?.Map("Bool") is { } b && Text(b["aws:SecureTransport"]) == "false";

    private static IEnumerable<PolicyViolation> HttpsOnly(ProgramView v)
    {
        const string id = "https-only";
        var listeners = v.OfType(Listener).ToList();
        if (!listeners.Any(l => Text(l.Properties["protocol"]) == "HTTPS")) yield return new(id, "(program)", "no HTTPS listener");
        foreach (var l in listeners)
        {
            switch (Text(l.Properties["protocol"]))
            {
                case "HTTPS":
                    if (Text(l.Properties["sslPolicy"]) is not { } p || !p.StartsWith("ELBSecurityPolicy-TLS13", StringComparison.Ordinal))
                        yield return new(id, l.Name, "HTTPS listener without a TLS 1.3 security policy");
                    if (l.Properties["certificateArn"] is null) yield return new(id, l.Name, "HTTPS listener without a certificate");
                    break;
                case "HTTP":
                    var actions = AsList(l.Properties["defaultActions"]).OfType<YMap>().ToList();
                    if (actions.Count == 0 || actions.Any(a => a.Str("type") != "redirect" || a.Map("redirect")?.Str("protocol") != "HTTPS"))
                        yield return new(id, l.Name, "HTTP listener does something other than redirect to HTTPS");
                    foreach (var r in v.OfType(ListenerRule).Where(r => References(r.Properties["listenerArn"], l.Name)))
                        yield return new(id, r.Name, "listener rule on the plain-HTTP listener");
                    break;
                default:
                    yield return new(id, l.Name, $"listener protocol {Text(l.Properties["protocol"])} is not HTTPS");
                    break;
            }
        }
        foreach (var d in v.OfType(Distribution))
        {
            var behaviors = AsList(d.Properties["orderedCacheBehaviors"]).Append(d.Properties["defaultCacheBehavior"]).OfType<YMap>();
            foreach (var b in behaviors.Where(b => b.Str("viewerProtocolPolicy") is not ("redirect-to-https" or "https-only")))
                yield return new(id, d.Name, $"cache behavior {b.Str("pathPattern") ?? "default"} allows plain HTTP");
            if (d.Properties.Map("viewerCertificate")?.Str("minimumProtocolVersion") is not { } mp || string.CompareOrdinal(mp, "TLSv1.2") < 0)
                yield return new(id, d.Name, "CloudFront viewer certificate allows TLS below 1.2");
        }
    }

    private static IEnumerable<PolicyViolation> Imdsv2(ProgramView v)
    {
        const string id = "imdsv2-required";
        foreach (var lt in v.OfType(Lt))
        {
            var md = lt.Properties.Map("metadataOptions");
            if (md?.Str("httpTokens") != "required") yield return new(id, lt.Name, "metadataOptions.httpTokens is not 'required'");
            if (md?.Str("httpEndpoint") == "disabled") continue;
            if ((md?["httpPutResponseHopLimit"] as YScalar)?.AsLong is > 2) yield return new(id, lt.Name, "IMDS hop limit above 2 lets containers reach instance credentials");
        }
    }

    // ------------------------------------------------------------------------------------------------ IAM and secrets

    private static IEnumerable<PolicyViolation> IamNoWildcards(ProgramView v)
    {
        const string id = "iam-no-wildcards";
        var docs = new List<(string Subject, YNode? Doc)>();
        docs.AddRange(v.OfType(RolePolicy).Select(p => (p.Name, p.Properties["policy"])));
        docs.AddRange(v.OfType(IamPolicy).Select(p => (p.Name, p.Properties["policy"])));
        foreach (var r in v.OfType(Role))
            docs.AddRange(AsList(r.Properties["inlinePolicies"]).OfType<YMap>().Select(p => (r.Name, p["policy"])));
        foreach (var (subject, doc) in docs)
            foreach (var s in Statements(doc).Where(s => Text(s["Effect"]) == "Allow"))
            {
                var actions = AsList(s["Action"]).Select(Text).ToList();
                var resources = AsList(s["Resource"]).Select(Text).ToList();
                if (actions.Contains("*")) yield return new(id, subject, "Allow statement with Action '*'");
                else if (actions.Any(a => a?.EndsWith(":*", StringComparison.Ordinal) == true) && resources.Contains("*"))
                    yield return new(id, subject, $"Allow statement with {string.Join(", ", actions.Where(a => a!.EndsWith(":*", StringComparison.Ordinal)))} on Resource '*'");
                if (s.ContainsKey("NotAction") || s.ContainsKey("NotResource")) yield return new(id, subject, "Allow statement with NotAction/NotResource");
            }
        foreach (var a in v.OfType(Attachment))
            if (Text(a.Properties["policyArn"]) is { } arn && (arn.EndsWith("/AdministratorAccess", StringComparison.Ordinal) || arn.EndsWith("/PowerUserAccess", StringComparison.Ordinal) || arn.EndsWith("/IAMFullAccess", StringComparison.Ordinal)))
                yield return new(id, a.Name, $"attaches {arn}");
    }

    [GeneratedRegex("(?i)(password|passwd|secret|token|apikey|api_key|privatekey|private_key|webhook|htpasswd|credential)")]
    private static partial Regex SecretName();

    /// <summary>Names of identifiers (ARNs, ids, names) of secrets are not secrets themselves.</summary>
    [GeneratedRegex("(Arn|Id|Name|Ids|Arns)$")]
    private static partial Regex Identifier();

    private static IEnumerable<PolicyViolation> SecretsNotPlain(ProgramView v)
    {
        const string id = "secrets-not-in-plain-config";
        var secretKeys = new HashSet<string>();
        foreach (var (key, decl) in v.Config.Entries)
        {
            var isSecret = decl is YMap d && IsTrue(d["secret"]);
            if (isSecret) secretKeys.Add(key);
            if (SecretName().IsMatch(key) && !isSecret) yield return new(id, $"config.{key}", "secret-looking config is not declared secret: true");
            if (isSecret && decl is YMap dd && (dd.ContainsKey("default") || dd.ContainsKey("value"))) yield return new(id, $"config.{key}", "secret config has a value in Pulumi.yaml");
            if (!isSecret && decl is not YMap && SecretName().IsMatch(key)) yield return new(id, $"config.{key}", "secret-looking config has a plain default");
        }
        foreach (var (fullKey, value) in v.StackConfig.Entries)
        {
            var key = fullKey.Contains(':') ? fullKey[(fullKey.IndexOf(':') + 1)..] : fullKey;
            var secure = value is YMap m && m.ContainsKey("secure");
            if ((secretKeys.Contains(key) || SecretName().IsMatch(key)) && !secure)
                yield return new(id, $"stack config {fullKey}", "secret value stored in plain text in the stack file");
        }
        foreach (var td in v.OfType(TaskDef))
            foreach (var c in AsList(JsonDoc(td.Properties["containerDefinitions"])).OfType<YMap>())
                foreach (var env in AsList(c["environment"]).OfType<YMap>())
                    if (env.Str("name") is { } n && SecretName().IsMatch(n))
                        yield return new(id, td.Name, $"container environment variable {n} looks secret: deliver it through 'secrets' (Secrets Manager)");
        foreach (var (name, value) in v.Outputs.Entries)
            if ((SecretName().IsMatch(name) && !Identifier().IsMatch(name)) || name is "username" or "password")
                if (!(value is YMap { Count: 1 } m && m.Entries[0].Key.Equals("fn::secret", StringComparison.OrdinalIgnoreCase)))
                    yield return new(id, $"outputs.{name}", "secret output is not wrapped in fn::secret");
        foreach (var sv in v.OfType(SecretVersion))
            foreach (var leaf in Leaves(JsonDoc(sv.Properties["secretString"])))
                if (!leaf.Text.Contains("${", StringComparison.Ordinal))
                    yield return new(id, sv.Name, "secret value contains a literal (it must come from a generator or secret config)");
    }

    private static IEnumerable<YScalar> Leaves(YNode? n) => n switch
    {
        YScalar s => [s],
        YSeq q => q.Items.SelectMany(Leaves),
        YMap m => m.Entries.SelectMany(e => Leaves(e.Value)),
        _ => [],
    };

    // ------------------------------------------------------------------------------------------------ S3

    private static IEnumerable<PolicyViolation> LogBucketLocked(ProgramView v)
    {
        const string id = "log-bucket-locked";
        var buckets = v.OfType(Bucket).ToList();
        if (buckets.Count == 0) yield return new(id, "(program)", "no S3 bucket for ALB access logs");
        foreach (var lb in v.OfType(Lb))
            if (lb.Properties.Map("accessLogs") is not { } al || !IsTrue(al["enabled"]) || !buckets.Any(b => References(al["bucket"], b.Name)))
                yield return new(id, lb.Name, "load balancer access logs are not enabled into a bucket of this stack");
        foreach (var b in buckets)
        {
            var pab = v.OfType(Pab).FirstOrDefault(p => References(p.Properties["bucket"], b.Name));
            if (pab is null) yield return new(id, b.Name, "no public access block");
            else
                foreach (var flag in new[] { "blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets" })
                    if (!IsTrue(pab.Properties[flag])) yield return new(id, pab.Name, $"{flag} is not true");
            var statements = v.OfType(BucketPolicy).Where(p => References(p.Properties["bucket"], b.Name)).SelectMany(p => Statements(p.Properties["policy"])).ToList();
            var tls = statements.FirstOrDefault(s => Text(s["Effect"]) == "Deny" && DeniesInsecureTransport(s));
            if (tls is null) { yield return new(id, b.Name, "bucket policy does not deny requests without TLS"); continue; }
            var res = AsList(tls["Resource"]).Select(Text).OfType<string>().ToList();
            if (!res.Any(r => r == $"${{{b.Name}.arn}}") || !res.Any(r => r == $"${{{b.Name}.arn}}/*"))
                yield return new(id, b.Name, "the TLS-only statement must cover the bucket and its objects");
            foreach (var s in statements.Where(s => Text(s["Effect"]) == "Allow" && (Text(s["Principal"]) == "*" || (s["Principal"] as YMap)?.Str("AWS") == "*")))
                yield return new(id, b.Name, "bucket policy allows everyone");
        }
    }
}
