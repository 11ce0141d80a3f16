using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>The ALB with its locked-down access-log bucket, target group, listeners and DNS records.</summary>
public sealed partial class PulumiYamlRenderer
{
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
        if (lb.CertificateArn is null) Certificate("certificate", lb.AlbDomainName, provider: null);
        Res("httpListener", "aws:lb:Listener", Map(("loadBalancerArn", Ref("alb.arn")), ("port", Int(80)), ("protocol", Str("HTTP")),
            ("defaultActions", Seq(Map(("type", Str("redirect")),
                ("redirect", Map(("port", Str("443")), ("protocol", Str("HTTPS")), ("statusCode", Str("HTTP_301")))))))));
        Res("httpsListener", "aws:lb:Listener", Map(("loadBalancerArn", Ref("alb.arn")), ("port", Int(443)), ("protocol", Str("HTTPS")),
            ("sslPolicy", Str(lb.SslPolicy)), ("certificateArn", lb.CertificateArn is null ? Ref("certificateValidation.certificateArn") : Ref("certificateArn")),
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
}
