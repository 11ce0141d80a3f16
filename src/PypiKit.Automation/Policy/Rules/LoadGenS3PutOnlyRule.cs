using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.PolicyQueries;
using static PypiKit.Automation.Policy.PolicyTokens;
using static PypiKit.Automation.Policy.ProgramView;
using Outputs = PypiKit.Automation.Rendering.PulumiYamlRenderer.LoadGeneratorOutputs;

namespace PypiKit.Automation.Policy.Rules;

/// <summary>The load generator's task role may only s3:PutObject under its results prefix.</summary>
public sealed class LoadGenS3PutOnlyRule : IPolicyRule
{
    public string Id => "loadgen-s3-put-only";
    public string Description => "the load generator's task role may only s3:PutObject under its results prefix";

    public IEnumerable<PolicyViolation> Check(ProgramView v)
    {
        var id = Id;
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
}
