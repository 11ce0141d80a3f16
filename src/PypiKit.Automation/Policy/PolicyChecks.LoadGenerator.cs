using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.ProgramView;
using Outputs = PypiKit.Automation.Rendering.PulumiYamlRenderer.LoadGeneratorOutputs;

namespace PypiKit.Automation.Policy;

/// <summary>
/// Policies of the optional load generator, found through its stack outputs (the task definition the coordinator
/// runs and the network settings it passes to <c>RunTask</c>). A program without those outputs has no load generator.
/// </summary>
public static partial class PolicyChecks
{
    private const string LogGroup = "aws:cloudwatch/logGroup:LogGroup";

    /// <summary>The load generator's task definition, or null when the program has none.</summary>
    private static ProgramResource? LoadGenTask(ProgramView v) =>
        Refs(v.Outputs[Outputs.TaskDefinitionArn]).Select(r => v.Get(RootOf(r))).FirstOrDefault(r => r?.Token == TaskDef);

    /// <summary>Allow statements of every inline policy of the role that <paramref name="roleArn"/> references.</summary>
    private static IEnumerable<YMap> RoleAllows(ProgramView v, YNode? roleArn)
    {
        var role = Refs(roleArn).Select(r => v.Get(RootOf(r))).FirstOrDefault(r => r?.Token == Role);
        if (role is null) return [];
        return v.OfType(RolePolicy).Where(p => References(p.Properties["role"], role.Name)).SelectMany(p => Statements(p.Properties["policy"]))
            .Concat(AsList(role.Properties["inlinePolicies"]).OfType<YMap>().SelectMany(p => Statements(p["policy"])))
            .Where(s => Text(s["Effect"]) == "Allow");
    }

    private static bool HasManagedPolicies(ProgramView v, YNode? roleArn) =>
        Refs(roleArn).Select(RootOf).Any(role => v.OfType(Attachment).Any(a => References(a.Properties["role"], role)));

    private static IEnumerable<PolicyViolation> LoadGenS3PutOnly(ProgramView v)
    {
        const string id = "loadgen-s3-put-only";
        if (LoadGenTask(v) is not { } td) yield break;
        var roleArn = td.Properties["taskRoleArn"];
        if (roleArn is null) { yield return new(id, td.Name, "load-generator task has no task role (it cannot write its results)"); yield break; }
        if (HasManagedPolicies(v, roleArn)) yield return new(id, td.Name, "load-generator task role has managed policies attached");
        var prefix = Text(v.Outputs[Outputs.ResultsPrefix]) ?? "";
        var bucket = Refs(v.Outputs[Outputs.ResultsBucket]).Select(RootOf).FirstOrDefault() ?? "";
        var allows = RoleAllows(v, roleArn).ToList();
        if (allows.Count == 0) yield return new(id, td.Name, "load-generator task role allows nothing");
        foreach (var s in allows)
        {
            foreach (var a in AsList(s["Action"]).Select(Text).Where(a => a != "s3:PutObject"))
                yield return new(id, td.Name, $"load-generator task role allows {a} (only s3:PutObject)");
            foreach (var r in AsList(s["Resource"]).Select(Text).Where(r => prefix.Length == 0 || r != $"${{{bucket}.arn}}/{prefix}*"))
                yield return new(id, td.Name, $"load-generator task role writes {r} (only the results prefix ${{{bucket}.arn}}/{prefix}*)");
            if (s.ContainsKey("NotAction") || s.ContainsKey("NotResource")) yield return new(id, td.Name, "load-generator task role uses NotAction/NotResource");
        }
    }

    private static IEnumerable<PolicyViolation> LoadGenLogsScoped(ProgramView v)
    {
        const string id = "loadgen-logs-scoped";
        if (LoadGenTask(v) is not { } td) yield break;
        var roleArn = td.Properties["executionRoleArn"];
        if (HasManagedPolicies(v, roleArn)) yield return new(id, td.Name, "load-generator execution role has managed policies attached (they write every log group)");
        var groups = AsList(JsonDoc(td.Properties["containerDefinitions"])).OfType<YMap>()
            .Select(c => c.Map("logConfiguration")?.Map("options")?["awslogs-group"]).SelectMany(Refs).Select(RootOf)
            .Where(g => v.Get(g)?.Token == LogGroup).ToHashSet();
        if (groups.Count == 0) yield return new(id, td.Name, "load-generator container does not log to a log group of this stack");
        foreach (var s in RoleAllows(v, roleArn))
        {
            var actions = AsList(s["Action"]).Select(Text).ToList();
            if (!actions.Any(a => a?.StartsWith("logs:", StringComparison.Ordinal) == true)) continue;
            foreach (var a in actions.Where(a => a is not ("logs:CreateLogStream" or "logs:PutLogEvents")))
                yield return new(id, td.Name, $"load-generator execution role allows {a} (only logs:CreateLogStream, logs:PutLogEvents)");
            foreach (var r in AsList(s["Resource"]).Select(Text).Where(r => !groups.Any(g => r == $"${{{g}.arn}}:log-stream:*")))
                yield return new(id, td.Name, $"load-generator execution role writes logs to {r} (only its own log group)");
        }
    }

    private static IEnumerable<PolicyViolation> LoadGenNoPublicIp(ProgramView v)
    {
        const string id = "loadgen-no-public-ip";
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
