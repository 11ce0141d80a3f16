using System.Text.Json;
using PypiKit.Automation.Model;
using PypiKit.Automation.Policy;
using PypiKit.Automation.Rendering;
using PypiKit.Automation.Validation;
using PypiKit.Json;
using PypiKit.Sizing;

namespace PypiKit.Automation.Deployment;

/// <summary>
/// A deployment as a file (<c>pypikit deploy … --config FILE</c>): stack options plus the sizing inputs the capacity
/// plan is computed from, in PypiKit's JSON convention (snake_case; enums as snake_case strings), e.g.
/// <code>{ "options": { "shape": "dev", "capacity": "fargate_spot", "domain_name": "pypi.example.org",
///   "hosted_zone_id": "Z123ABC", "alarm_emails": ["ops@example.org"] },
///   "sizing": { "instance_type": "c6a.xlarge", "instance_count": 2, "container_memory": 512 } }</code>
/// </summary>
public sealed record DeploymentSpec
{
    public StackOptions Options { get; init; } = new();
    public SizingInputs Sizing { get; init; } = new();
    /// <summary>The instance catalogue the plan is computed with (a user's CSV over the built-in one); null: the built-in one. Not part of the file.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public InstanceCatalog? Catalog { get; init; }

    public static DeploymentSpec Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        { throw new InvalidInputException("config", $"cannot read config file '{path}': {ex.Message}", ex); }
        try { return JsonSerializer.Deserialize<DeploymentSpec>(text, PypiKitJson.Options) ?? new DeploymentSpec(); }
        catch (JsonException ex) { throw new InvalidInputException("config", $"config file '{path}' is not a valid deployment spec: {ex.Message}", ex); }
    }

    public string ToJson() => PypiKitJson.Serialize(this);

    /// <summary>Capacity plan → stack model (both validated; errors name the field). The catalogue row gives the architecture.</summary>
    public StackModel ToModel()
    {
        var type = (Catalog ?? InstanceCatalog.Default).Get(Sizing.Validate().InstanceType);
        return StackModel.FromPlan(CapacityPlanner.Plan(Sizing, type), Options, type);
    }
}

/// <summary>The outcome of rendering and checking a stack offline.</summary>
public sealed record RenderCheck(RenderedStack Stack, ValidationReport Validation, PolicyReport Policies)
{
    public bool Passed => Validation.IsValid && Policies.Passed;

    /// <summary>Renders, validates against the embedded schema and runs every policy.</summary>
    public static RenderCheck Run(StackModel model, string stackName, IReadOnlyDictionary<string, string>? secrets = null)
    {
        var stack = PulumiYamlRenderer.Render(model, stackName, secrets);
        return new RenderCheck(stack, SchemaValidator.Default.Validate(stack.ProjectYaml), PolicyChecks.Run(stack));
    }
}
