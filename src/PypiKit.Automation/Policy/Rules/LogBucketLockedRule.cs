using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.PolicyQueries;
using static PypiKit.Automation.Policy.PolicyTokens;
using static PypiKit.Automation.Policy.ProgramView;

namespace PypiKit.Automation.Policy.Rules;

/// <summary>S3 buckets (ALB access logs) block public access and require TLS.</summary>
public sealed class LogBucketLockedRule : IPolicyRule
{
    public string Id => "log-bucket-locked";
    public string Description => "S3 buckets (ALB access logs) block public access and require TLS";

    public IEnumerable<PolicyViolation> Check(ProgramView v)
    {
        var id = Id;
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
