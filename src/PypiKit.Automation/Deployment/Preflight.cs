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
        if (o.AlarmWebhook && !secrets.ContainsKey("alarmWebhookUrl"))
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
