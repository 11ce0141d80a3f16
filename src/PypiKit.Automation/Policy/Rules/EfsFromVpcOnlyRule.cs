using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.PolicyQueries;
using static PypiKit.Automation.Policy.PolicyTokens;
using static PypiKit.Automation.Policy.ProgramView;

namespace PypiKit.Automation.Policy.Rules;

/// <summary>EFS mount targets accept NFS (TCP 2049) from the VPC CIDR only.</summary>
public sealed class EfsFromVpcOnlyRule : IPolicyRule
{
    public string Id => "efs-nfs-from-vpc-cidr-only";
    public string Description => "EFS mount targets accept NFS (TCP 2049) from the VPC CIDR only";

    public IEnumerable<PolicyViolation> Check(ProgramView v)
    {
        var id = Id;
        var targets = v.OfType(MountTarget).ToList();
        if (targets.Count == 0) yield return new(id, "(program)", "no EFS mount target found");
        var groups = targets.SelectMany(t => Refs(t.Properties["securityGroups"])).Select(RootOf).Distinct().ToList();
        if (targets.Count > 0 && groups.Count == 0) yield return new(id, targets[0].Name, "mount target without a security group (the VPC default group would apply)");
        foreach (var name in groups)
        {
            if (v.Get(name) is not { Token: Sg } sg) { yield return new(id, name, "mount target security group is not defined in the program"); continue; }
            var rules = AsList(sg.Properties["ingress"]).OfType<YMap>().ToList();
            if (rules.Count == 0) yield return new(id, sg.Name, "no ingress rule for NFS");
            foreach (var r in rules)
            {
                var from = (r["fromPort"] as YScalar)?.AsLong; var to = (r["toPort"] as YScalar)?.AsLong;
                if (Text(r["protocol"]) != "tcp" || from != 2049 || to != 2049) yield return new(id, sg.Name, $"ingress {Text(r["protocol"])} {from}-{to} is not TCP 2049");
                var cidrs = AsList(r["cidrBlocks"]).ToList();
                if (cidrs.Count != 1 || Text(cidrs[0]) is not { } c || !c.StartsWith("${", StringComparison.Ordinal) || !IsVpcCidr(v, Refs(cidrs[0]).First()))
                    yield return new(id, sg.Name, "NFS ingress must come from exactly the VPC CIDR");
                foreach (var k in new[] { "securityGroups", "ipv6CidrBlocks", "prefixListIds", "self" }.Where(r.ContainsKey))
                    yield return new(id, sg.Name, $"NFS ingress also allows '{k}'");
            }
        }
    }
}
