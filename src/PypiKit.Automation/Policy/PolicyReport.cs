namespace PypiKit.Automation.Policy;

/// <summary>Outcome of every policy over one program.</summary>
public sealed record PolicyReport(IReadOnlyList<(IPolicyRule Rule, IReadOnlyList<PolicyViolation> Violations)> Results)
{
    public IEnumerable<PolicyViolation> Violations => Results.SelectMany(r => r.Violations);
    public bool Passed => !Violations.Any();
    public override string ToString() => string.Join('\n', Results.Select(r =>
        $"{(r.Violations.Count == 0 ? "pass" : "FAIL")}  {r.Rule.Id}: {r.Rule.Description}" +
        string.Concat(r.Violations.Select(v => "\n      " + v.Subject + ": " + v.Message))));
}
