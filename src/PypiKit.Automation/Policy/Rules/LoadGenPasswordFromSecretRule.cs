using PypiKit.Automation.Model;
using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.PolicyQueries;
using static PypiKit.Automation.Policy.PolicyTokens;
using static PypiKit.Automation.Policy.ProgramView;

namespace PypiKit.Automation.Policy.Rules;

/// <summary>
/// The load generator's password comes from the stack's credentials secret through the task definition (never a RunTask
/// override, which ecs:DescribeTasks shows), and its execution role may read that one secret and nothing else.
/// </summary>
public sealed class LoadGenPasswordFromSecretRule : IPolicyRule
{
    public string Id => "loadgen-password-from-secret";
    public string Description => "the load generator's password is a secrets entry of the stack's credentials secret, the only secret its execution role reads";

    public IEnumerable<PolicyViolation> Check(ProgramView v)
    {
        var id = Id;
        if (LoadGenTask(v) is not { } td) yield break;
        var entries = AsList(JsonDoc(td.Properties["containerDefinitions"])).OfType<YMap>()
            .SelectMany(c => AsList(c["secrets"]).OfType<YMap>())
            .Where(s => Text(s["name"]) == LoadGeneratorOptions.PasswordEnvironment).ToList();
        var secrets = entries.SelectMany(e => Refs(e["valueFrom"])).Select(RootOf).Where(r => v.Get(r)?.Token == Secret).ToHashSet();
        if (secrets.Count == 0)
            yield return new(id, td.Name, $"load-generator container has no secrets entry {LoadGeneratorOptions.PasswordEnvironment} from a secret of this stack " +
                "(the password would have to be a RunTask override, which ecs:DescribeTasks shows)");
        foreach (var s in RoleAllows(v, td.Properties["executionRoleArn"]))
        {
            var actions = AsList(s["Action"]).Select(Text).ToList();
            if (!actions.Any(a => a?.StartsWith("secretsmanager:", StringComparison.Ordinal) == true)) continue;
            foreach (var a in actions.Where(a => a is not "secretsmanager:GetSecretValue"))
                yield return new(id, td.Name, $"load-generator execution role allows {a} (only secretsmanager:GetSecretValue)");
            foreach (var r in AsList(s["Resource"]).Where(r => !secrets.Any(name => Text(r) == $"${{{name}.arn}}")))
                yield return new(id, td.Name, $"load-generator execution role reads secret {Text(r) ?? "(an expression)"} (only the credentials secret its container names)");
        }
    }
}
