using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.PolicyQueries;
using static PypiKit.Automation.Policy.PolicyTokens;
using static PypiKit.Automation.Policy.ProgramView;
using Outputs = PypiKit.Automation.Rendering.PulumiYamlRenderer.LoadGeneratorOutputs;

namespace PypiKit.Automation.Policy.Rules;

/// <summary>Load-generator tasks run in private subnets without public IPs, no ingress, HTTPS egress only.</summary>
public sealed class LoadGenNoPublicIpRule : IPolicyRule
{
    public string Id => "loadgen-no-public-ip";
    public string Description => "load-generator tasks run in private subnets without public IPs, no ingress, HTTPS egress only";

    public IEnumerable<PolicyViolation> Check(ProgramView v)
    {
        var id = Id;
        if (LoadGenTask(v) is not { } td) yield break;
        if (Text(td.Properties["networkMode"]) != "awsvpc") yield return new(id, td.Name, "load-generator task is not in awsvpc mode (its network cannot be pinned)");
        if (v.Outputs.Map(Outputs.Network) is not { } net) { yield return new(id, $"outputs.{Outputs.Network}", "no RunTask network configuration output"); yield break; }
        if (Text(net["assignPublicIp"]) != "DISABLED") yield return new(id, $"outputs.{Outputs.Network}", $"assignPublicIp is {Text(net["assignPublicIp"]) ?? "unset"} (must be DISABLED)");
        var subnets = Refs(net["subnets"]).ToList();
        if (subnets.Count == 0) yield return new(id, $"outputs.{Outputs.Network}", "no subnet references");
        foreach (var e in subnets.Where(e => !IsPrivateSubnet(v, e))) yield return new(id, $"outputs.{Outputs.Network}", $"subnet ${{{e}}} is not private");
        foreach (var g in Refs(net["securityGroups"]).Select(RootOf))
        {
            if (v.Get(g) is not { Token: Sg } sg) { yield return new(id, g, "load-generator security group is not defined in the program"); continue; }
            if (AsList(sg.Properties["ingress"]).Any()) yield return new(id, sg.Name, "load-generator security group has ingress rules");
            foreach (var r in AsList(sg.Properties["egress"]).OfType<YMap>())
                if (Text(r["protocol"]) != "tcp" || (r["fromPort"] as YScalar)?.AsLong != 443 || (r["toPort"] as YScalar)?.AsLong != 443)
                    yield return new(id, sg.Name, $"load-generator egress {Text(r["protocol"])} {Text(r["fromPort"])}-{Text(r["toPort"])} (HTTPS 443 only)");
        }
    }
}
