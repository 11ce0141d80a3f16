using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Policy.PolicyQueries;
using static PypiKit.Automation.Policy.PolicyTokens;
using static PypiKit.Automation.Policy.ProgramView;

namespace PypiKit.Automation.Policy.Rules;

/// <summary>No IAM identity policy allows '*' actions on '*' resources; no admin managed policies.</summary>
public sealed class IamNoWildcardsRule : IPolicyRule
{
    public string Id => "iam-no-wildcards";
    public string Description => "no IAM identity policy allows '*' actions on '*' resources; no admin managed policies";

    public IEnumerable<PolicyViolation> Check(ProgramView v)
    {
        var id = Id;
        var docs = new List<(string Subject, YNode? Doc)>();
        docs.AddRange(v.OfType(RolePolicy).Select(p => (p.Name, p.Properties["policy"])));
        docs.AddRange(v.OfType(IamPolicy).Select(p => (p.Name, p.Properties["policy"])));
        foreach (var r in v.OfType(Role))
            docs.AddRange(AsList(r.Properties["inlinePolicies"]).OfType<YMap>().Select(p => (r.Name, p["policy"])));
        foreach (var (subject, doc) in docs)
            foreach (var s in Statements(doc).Where(s => Text(s["Effect"]) == "Allow"))
            {
                var actions = AsList(s["Action"]).Select(Text).ToList();
                var resources = AsList(s["Resource"]).Select(Text).ToList();
                if (actions.Contains("*")) yield return new(id, subject, "Allow statement with Action '*'");
                else if (actions.Any(a => a?.EndsWith(":*", StringComparison.Ordinal) == true) && resources.Contains("*"))
                    yield return new(id, subject, $"Allow statement with {string.Join(", ", actions.Where(a => a!.EndsWith(":*", StringComparison.Ordinal)))} on Resource '*'");
                if (s.ContainsKey("NotAction") || s.ContainsKey("NotResource")) yield return new(id, subject, "Allow statement with NotAction/NotResource");
            }
        foreach (var a in v.OfType(Attachment))
            if (Text(a.Properties["policyArn"]) is { } arn && (arn.EndsWith("/AdministratorAccess", StringComparison.Ordinal) || arn.EndsWith("/PowerUserAccess", StringComparison.Ordinal) || arn.EndsWith("/IAMFullAccess", StringComparison.Ordinal)))
                yield return new(id, a.Name, $"attaches {arn}");
    }
}
