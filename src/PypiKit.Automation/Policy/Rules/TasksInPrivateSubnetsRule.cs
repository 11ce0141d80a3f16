using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.PolicyQueries;
using static PypiKit.Automation.Policy.PolicyTokens;
using static PypiKit.Automation.Policy.ProgramView;

namespace PypiKit.Automation.Policy.Rules;

/// <summary>ECS tasks and container instances run in private subnets without public IPs.</summary>
public sealed class TasksInPrivateSubnetsRule : IPolicyRule
{
    public string Id => "tasks-in-private-subnets";
    public string Description => "ECS tasks and container instances run in private subnets without public IPs";

    public IEnumerable<PolicyViolation> Check(ProgramView v)
    {
        var id = Id;
        var services = v.OfType(EcsService).ToList();
        if (services.Count == 0) yield return new(id, "(program)", "no ECS service found");
        foreach (var s in services)
        {
            if (s.Properties.Map("networkConfiguration") is { } nc)
            {
                if (IsTrue(nc["assignPublicIp"])) yield return new(id, s.Name, "assignPublicIp is true");
                var subnets = Refs(nc["subnets"]).ToList();
                if (subnets.Count == 0) yield return new(id, s.Name, "networkConfiguration has no subnet references");
                foreach (var e in subnets.Where(e => !IsPrivateSubnet(v, e))) yield return new(id, s.Name, $"subnet ${{{e}}} is not private");
            }
            else if (!v.OfType(Asg).Any()) yield return new(id, s.Name, "service has neither a networkConfiguration nor EC2 capacity");
        }
        foreach (var g in v.OfType(Asg))
        {
            var subnets = Refs(g.Properties["vpcZoneIdentifiers"]).ToList();
            if (subnets.Count == 0) yield return new(id, g.Name, "vpcZoneIdentifiers has no subnet references");
            foreach (var e in subnets.Where(e => !IsPrivateSubnet(v, e))) yield return new(id, g.Name, $"subnet ${{{e}}} is not private");
        }
        foreach (var lt in v.OfType(Lt))
            foreach (var ni in AsList(lt.Properties["networkInterfaces"]).OfType<YMap>())
                if (IsTrue(ni["associatePublicIpAddress"])) yield return new(id, lt.Name, "launch template associates a public IP address");
    }
}
