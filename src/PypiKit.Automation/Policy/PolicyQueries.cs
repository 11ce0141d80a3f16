using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.PolicyTokens;
using static PypiKit.Automation.Policy.ProgramView;
using Outputs = PypiKit.Automation.Rendering.PulumiYamlRenderer.LoadGeneratorOutputs;

namespace PypiKit.Automation.Policy;

/// <summary>Questions several policy rules ask of a program: is a subnet private, is a CIDR the VPC's, which IAM statements a role has.</summary>
internal static class PolicyQueries
{
    /// <summary>Is the subnet expression private: a subnet resource without a route to an internet gateway and without public IPs on launch, or an item of the <c>privateSubnetIds</c> config list.</summary>
    internal static bool IsPrivateSubnet(ProgramView v, string expr)
    {
        var root = RootOf(expr);
        if (root == "privateSubnetIds" && v.Config.ContainsKey("privateSubnetIds")) return true;
        var subnet = v.Get(root);
        if (subnet is null || subnet.Token != Subnet) return false;
        if (IsTrue(subnet.Properties["mapPublicIpOnLaunch"])) return false;
        var tables = v.OfType(Rta).Where(a => References(a.Properties["subnetId"], root))
            .Select(a => v.Get(RootOf(Refs(a.Properties["routeTableId"]).FirstOrDefault() ?? ""))).OfType<ProgramResource>();
        return !tables.Any(t => AsList(t.Properties["routes"]).OfType<YMap>()
            .Any(r => Refs(r["gatewayId"]).Any(g => v.Get(RootOf(g))?.Token == Igw)));
    }

    internal static bool OpenToWorld(YMap rule) =>
        AsList(rule["cidrBlocks"]).Any(c => Text(c) == "0.0.0.0/0") || AsList(rule["ipv6CidrBlocks"]).Any(c => Text(c) == "::/0");

    internal static bool IsVpcCidr(ProgramView v, string expr)
    {
        var root = RootOf(expr);
        if (v.Get(root) is { Token: Vpc } && expr == $"{root}.cidrBlock") return true;
        if (v.Variables[root] is YMap var && var.Map("fn::invoke") is { } inv)
            return inv.Str("function") is "aws:ec2:getVpc" or "aws:ec2/getVpc:getVpc" && inv.Str("return") == "cidrBlock";
        return false;
    }

    internal static IEnumerable<YMap> Statements(YNode? policy) =>
        JsonDoc(policy) is YMap doc ? AsList(doc["Statement"]).OfType<YMap>() : [];

    internal static bool DeniesInsecureTransport(YMap statement) =>
        statement.Map("Condition")?.Map("Bool") is { } b && Text(b["aws:SecureTransport"]) == "false";

    internal static IEnumerable<YScalar> Leaves(YNode? n) => n switch
    {
        YScalar s => [s],
        YSeq q => q.Items.SelectMany(Leaves),
        YMap m => m.Entries.SelectMany(e => Leaves(e.Value)),
        _ => [],
    };

    /// <summary>The load generator's task definition, or null when the program has none.</summary>
    internal static ProgramResource? LoadGenTask(ProgramView v) =>
        Refs(v.Outputs[Outputs.TaskDefinitionArn]).Select(r => v.Get(RootOf(r))).FirstOrDefault(r => r?.Token == TaskDef);

    /// <summary>Allow statements of every inline policy of the role that <paramref name="roleArn"/> references.</summary>
    internal static IEnumerable<YMap> RoleAllows(ProgramView v, YNode? roleArn)
    {
        var role = Refs(roleArn).Select(r => v.Get(RootOf(r))).FirstOrDefault(r => r?.Token == Role);
        if (role is null) return [];
        return v.OfType(RolePolicy).Where(p => References(p.Properties["role"], role.Name)).SelectMany(p => Statements(p.Properties["policy"]))
            .Concat(AsList(role.Properties["inlinePolicies"]).OfType<YMap>().SelectMany(p => Statements(p["policy"])))
            .Where(s => Text(s["Effect"]) == "Allow");
    }

    internal static bool HasManagedPolicies(ProgramView v, YNode? roleArn) =>
        Refs(roleArn).Select(RootOf).Any(role => v.OfType(Attachment).Any(a => References(a.Properties["role"], role)));
}
