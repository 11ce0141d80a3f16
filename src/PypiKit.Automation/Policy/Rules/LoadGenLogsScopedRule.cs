using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.PolicyQueries;
using static PypiKit.Automation.Policy.PolicyTokens;
using static PypiKit.Automation.Policy.ProgramView;
using Outputs = PypiKit.Automation.Rendering.PulumiYamlRenderer.LoadGeneratorOutputs;

namespace PypiKit.Automation.Policy.Rules;

/// <summary>The load generator's execution role writes only its own log group, with no managed policies.</summary>
public sealed class LoadGenLogsScopedRule : IPolicyRule
{
    public string Id => "loadgen-logs-scoped";
    public string Description => "the load generator's execution role writes only its own log group, with no managed policies";

    public IEnumerable<PolicyViolation> Check(ProgramView v)
    {
        var id = Id;
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
}
