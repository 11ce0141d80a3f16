using PypiKit.Automation.Rendering;
using PypiKit.Automation.Model;

namespace PypiKit.Automation.Deployment;

/// <summary>One reason not to deploy: the input at fault (an option field name such as <c>domain_name</c>) and why.</summary>
public sealed record PreflightFinding(string Input, string Message)
{
    public override string ToString() => $"{Input}: {Message}";
}

/// <summary>The preflight refused the deployment: every finding, one line each. Bad input (the CLI exits 2).</summary>
public sealed class PreflightException(IReadOnlyList<PreflightFinding> findings)
    : InvalidInputException(findings[0].Input, string.Join("\n", findings))
{
    public IReadOnlyList<PreflightFinding> Findings { get; } = findings;
}

/// <summary>
/// Checks made before anything is created, so a run cannot build the VPC, NAT, EFS and ALB and then fail at ACM or
/// Route 53: placeholder names (RFC 2606 reserved domains, the example zone id), secrets the program declares but
/// nobody provided, an explicit architecture that contradicts the instance type, and a pulumi CLI older than the
/// program's <c>requiredPulumiVersion</c>.
/// </summary>
public static class Preflight
{
    /// <summary>Domains reserved for documentation and tests (RFC 2606 / RFC 6761): never a real deployment's.</summary>
    private static readonly string[] ReservedSuffixes = ["example.com", "example.net", "example.org", "example", "test", "invalid", "localhost"];

    public static bool IsPlaceholderDomain(string domain)
    {
        var d = domain.Trim().TrimEnd('.').ToLowerInvariant();
        return ReservedSuffixes.Any(s => d == s || d.EndsWith("." + s, StringComparison.Ordinal));
    }

    public static bool IsPlaceholderZone(string zoneId) => zoneId.Contains("EXAMPLE", StringComparison.OrdinalIgnoreCase);

    /// <summary>An ARN of AWS's documentation account (123456789012), an all-zero account or certificate id, or one saying "example".</summary>
    public static bool IsPlaceholderCertificate(string arn)
    {
        var parts = arn.Split(':');
        var account = parts.Length > 4 ? parts[4] : "";
        var id = arn[(arn.LastIndexOf('/') + 1)..];
        return account is "123456789012" or "000000000000" || id.All(c => c is '0' or '-') ||
               arn.Contains("example", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>How the ALB gets its certificate, one line (what <c>--dry-run</c> prints).</summary>
    public static string CertificatePlan(StackModel model) => model.LoadBalancer.CertificateArn is { } arn
        ? $"certificate: existing {arn} (region {arn.Split(':')[3]}, the stack's)"
        : $"certificate: requested from ACM for {model.LoadBalancer.AlbDomainName}, DNS-validated in hosted zone {model.LoadBalancer.HostedZoneId}" +
          (model.LoadBalancer.CloudFront is null ? "" : $"; CloudFront's for {model.LoadBalancer.DomainName} in us-east-1");

    /// <summary>The offline checks of <paramref name="model"/> with the secrets that will be set.</summary>
    public static IReadOnlyList<PreflightFinding> Check(StackModel model, IReadOnlyDictionary<string, string> secrets)
    {
        var o = model.Options;
        var f = new List<PreflightFinding>();
        if (IsPlaceholderDomain(o.DomainName))
            f.Add(new("domain_name", $"'{o.DomainName}' is a placeholder (a reserved example domain): give the public name of the server; ACM would never validate it."));
        if (IsPlaceholderZone(o.HostedZoneId))
            f.Add(new("hosted_zone_id", $"'{o.HostedZoneId}' is a placeholder: give the Route 53 hosted zone id of the domain."));
        foreach (var email in o.AlarmEmails.Where(e => IsPlaceholderDomain(e[(e.IndexOf('@') + 1)..])))
            f.Add(new("alarm_emails", $"'{email}' is a placeholder address: alarms would reach nobody."));
        if (model.Service.Image.Kind == ImageSourceKind.PullThroughCache &&
            !(secrets.ContainsKey(SecretKeys.DockerHubUsername) && secrets.ContainsKey(SecretKeys.DockerHubAccessToken)))
            f.Add(new("pull_through_cache", $"the ECR pull-through cache of Docker Hub needs a Docker Hub user and access token: set {DeploymentSecrets.DockerHubUserVariable} and {DeploymentSecrets.DockerHubTokenVariable} (read from the environment only), or give a private image_repository."));
        if (model.LoadBalancer.CertificateArn is { } arn)
        {
            if (IsPlaceholderCertificate(arn))
                f.Add(new("certificate_arn", $"'{arn}' is a placeholder (documentation account or zero id): give the ARN of an issued ACM certificate for {o.DomainName} in {o.Region}."));
        }
        else if (IsPlaceholderZone(o.HostedZoneId) || IsPlaceholderDomain(o.DomainName))
            f.Add(new("certificate_arn", $"no certificate: ACM cannot DNS-validate one for '{o.DomainName}' in hosted zone '{o.HostedZoneId}' (a placeholder); give the real zone or an existing certificate ARN."));
        if (o.AlarmWebhook && !secrets.ContainsKey(SecretKeys.AlarmWebhookUrl))
            f.Add(new("alarm_webhook", $"the program declares the secret alarmWebhookUrl but {DeploymentSecrets.AlarmWebhookVariable} is not set (the URL carries a token: it is read from the environment only)."));
        if (model.Cluster.UsesEc2 && o.Architecture is { } wanted && wanted != model.Cluster.InstanceArchitecture)
            f.Add(new("cpu_architecture", $"{wanted.CatalogName()} does not match instance type {model.Cluster.InstanceType} ({model.Cluster.InstanceArchitecture.CatalogName()} in the catalogue): its instances could not run the tasks."));
        return f;
    }

    /// <summary>The pulumi CLI against the program's <c>requiredPulumiVersion</c> (null version: the check was skipped).</summary>
    public static IReadOnlyList<PreflightFinding> CheckCli(Version? cli) =>
        cli is not null && cli < StackModel.MinimumPulumiVersion
            ? [new("pulumi", $"pulumi {cli} is older than the program's requiredPulumiVersion >={StackModel.MinimumPulumiVersion}: upgrade the CLI.")]
            : [];
}
