using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.PolicyQueries;
using static PypiKit.Automation.Policy.PolicyTokens;
using static PypiKit.Automation.Policy.ProgramView;

namespace PypiKit.Automation.Policy.Rules;

/// <summary>EFS, EBS root volumes, S3 buckets and the SNS topic are encrypted at rest.</summary>
public sealed class EncryptionAtRestRule : IPolicyRule
{
    public string Id => "encryption-at-rest";
    public string Description => "EFS, EBS root volumes, S3 buckets and the SNS topic are encrypted at rest";

    public IEnumerable<PolicyViolation> Check(ProgramView v)
    {
        var id = Id;
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
}
