using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.PolicyQueries;
using static PypiKit.Automation.Policy.PolicyTokens;
using static PypiKit.Automation.Policy.ProgramView;

namespace PypiKit.Automation.Policy.Rules;

/// <summary>Only the application load balancer (and a CloudFront distribution in front of it) faces the internet.</summary>
public sealed class OnlyAlbPublicRule : IPolicyRule
{
    public string Id => "only-alb-public";
    public string Description => "only the application load balancer (and a CloudFront distribution in front of it) faces the internet";

    public IEnumerable<PolicyViolation> Check(ProgramView v)
    {
        var id = Id;
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
}
