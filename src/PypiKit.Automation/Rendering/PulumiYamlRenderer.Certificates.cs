using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>ACM certificates validated through Route 53.</summary>
public sealed partial class PulumiYamlRenderer
{
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
}
