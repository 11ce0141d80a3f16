using PypiKit.Automation.Model;
using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>Config the program declares (plain values land in the stack file, secrets only in memory) and the pinned providers.</summary>
public sealed partial class PulumiYamlRenderer
{
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
        if (_m.LoadBalancer.CertificateArn is { } certificate) Plain("certificateArn", "string", certificate);
        var known = new List<string>();
        void Secret(string key)
        {
            known.Add(key);
            _config.Set(key, Map(("type", Str("string")), ("secret", Bool(true))));
            if (secrets.TryGetValue(key, out var value)) _values.Add(new ConfigValue(key, value, true));
        }
        if (_m.Observability.AlarmWebhook) Secret(SecretKeys.AlarmWebhookUrl);
        if (_m.Service.Image.Kind == ImageSourceKind.PullThroughCache)
        {
            Secret(SecretKeys.DockerHubUsername);
            Secret(SecretKeys.DockerHubAccessToken);
        }
        foreach (var k in secrets.Keys.Where(k => !known.Contains(k)))
            throw new InvalidInputException("secrets", $"secret '{k}' is not a config value of this stack (known: {(known.Count == 0 ? "none" : string.Join(", ", known))}).");
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
}
