using System.Text.RegularExpressions;
using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.PolicyQueries;
using static PypiKit.Automation.Policy.PolicyTokens;
using static PypiKit.Automation.Policy.ProgramView;

namespace PypiKit.Automation.Policy.Rules;

/// <summary>Secrets live in Secrets Manager or secret config, never in plain config, env vars or plain outputs.</summary>
public sealed partial class SecretsNotPlainRule : IPolicyRule
{
    public string Id => "secrets-not-in-plain-config";
    public string Description => "secrets live in Secrets Manager or secret config, never in plain config, env vars or plain outputs";

    public IEnumerable<PolicyViolation> Check(ProgramView v)
    {
        var id = Id;
        var secretKeys = new HashSet<string>();
        foreach (var (key, decl) in v.Config.Entries)
        {
            var isSecret = decl is YMap d && IsTrue(d["secret"]);
            if (isSecret) secretKeys.Add(key);
            if (SecretName().IsMatch(key) && !isSecret) yield return new(id, $"config.{key}", "secret-looking config is not declared secret: true");
            if (isSecret && decl is YMap dd && (dd.ContainsKey("default") || dd.ContainsKey("value"))) yield return new(id, $"config.{key}", "secret config has a value in Pulumi.yaml");
            if (!isSecret && decl is not YMap && SecretName().IsMatch(key)) yield return new(id, $"config.{key}", "secret-looking config has a plain default");
        }
        foreach (var (fullKey, value) in v.StackConfig.Entries)
        {
            var key = fullKey.Contains(':') ? fullKey[(fullKey.IndexOf(':') + 1)..] : fullKey;
            var secure = value is YMap m && m.ContainsKey("secure");
            if ((secretKeys.Contains(key) || SecretName().IsMatch(key)) && !secure)
                yield return new(id, $"stack config {fullKey}", "secret value stored in plain text in the stack file");
        }
        foreach (var td in v.OfType(TaskDef))
            foreach (var c in AsList(JsonDoc(td.Properties["containerDefinitions"])).OfType<YMap>())
                foreach (var env in AsList(c["environment"]).OfType<YMap>())
                    if (env.Str("name") is { } n && SecretName().IsMatch(n))
                        yield return new(id, td.Name, $"container environment variable {n} looks secret: deliver it through 'secrets' (Secrets Manager)");
        foreach (var (name, value) in v.Outputs.Entries)
            if ((SecretName().IsMatch(name) && !Identifier().IsMatch(name)) || name is "username" or "password")
                if (!(value is YMap { Count: 1 } m && m.Entries[0].Key.Equals("fn::secret", StringComparison.OrdinalIgnoreCase)))
                    yield return new(id, $"outputs.{name}", "secret output is not wrapped in fn::secret");
        foreach (var sv in v.OfType(SecretVersion))
            foreach (var leaf in Leaves(JsonDoc(sv.Properties["secretString"])))
                if (!leaf.Text.Contains("${", StringComparison.Ordinal))
                    yield return new(id, sv.Name, "secret value contains a literal (it must come from a generator or secret config)");
    }

    [GeneratedRegex("(?i)(password|passwd|secret|token|apikey|api_key|privatekey|private_key|webhook|htpasswd|credential)")]
    private static partial Regex SecretName();

    /// <summary>Names of identifiers (ARNs, ids, names) of secrets are not secrets themselves.</summary>
    [GeneratedRegex("(Arn|Id|Name|Ids|Arns)$")]
    private static partial Regex Identifier();
}
