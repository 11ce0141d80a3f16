using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.PolicyQueries;
using static PypiKit.Automation.Policy.PolicyTokens;
using static PypiKit.Automation.Policy.ProgramView;

namespace PypiKit.Automation.Policy.Rules;

/// <summary>EFS mounts use TLS and the file system denies non-TLS access; CloudFront talks HTTPS to the origin.</summary>
public sealed class EncryptionInTransitRule : IPolicyRule
{
    public string Id => "encryption-in-transit";
    public string Description => "EFS mounts use TLS and the file system denies non-TLS access; CloudFront talks HTTPS to the origin";

    public IEnumerable<PolicyViolation> Check(ProgramView v)
    {
        var id = Id;
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
}
