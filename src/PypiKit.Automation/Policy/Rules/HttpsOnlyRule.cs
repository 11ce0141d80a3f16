using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.PolicyQueries;
using static PypiKit.Automation.Policy.PolicyTokens;
using static PypiKit.Automation.Policy.ProgramView;

namespace PypiKit.Automation.Policy.Rules;

/// <summary>Clients reach the service over HTTPS (TLS 1.3 policy); port 80 only redirects.</summary>
public sealed class HttpsOnlyRule : IPolicyRule
{
    public string Id => "https-only";
    public string Description => "clients reach the service over HTTPS (TLS 1.3 policy); port 80 only redirects";

    public IEnumerable<PolicyViolation> Check(ProgramView v)
    {
        var id = Id;
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
}
