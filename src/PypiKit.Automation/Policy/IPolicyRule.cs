namespace PypiKit.Automation.Policy;

/// <summary>
/// One security policy over a rendered program: a stable id, what it demands, and the check. Each rule lives in its own
/// file under <c>Rules/</c>; <see cref="PolicyChecks.Rules"/> lists them. A rule reads the program text (through
/// <see cref="ProgramView"/>), so a hand-edited Pulumi.yaml is checked as well.
/// </summary>
public interface IPolicyRule
{
    string Id { get; }
    string Description { get; }
    IEnumerable<PolicyViolation> Check(ProgramView v);
}
