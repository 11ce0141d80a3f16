namespace PypiKit.Automation.Policy;

/// <summary>A broken rule: which policy, which resource (or config/output key), what is wrong.</summary>
public sealed record PolicyViolation(string Policy, string Subject, string Message)
{
    public override string ToString() => $"[{Policy}] {Subject}: {Message}";
}
