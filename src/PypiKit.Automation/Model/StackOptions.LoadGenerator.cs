namespace PypiKit.Automation.Model;

public sealed partial record StackOptions
{
    /// <summary>Render the optional load-generator component (null: off).</summary>
    public LoadGeneratorOptions? LoadGenerator { get; init; }
}
