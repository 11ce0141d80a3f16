using PypiKit.Sizing;
using System.Globalization;
using PypiKit.Automation.Model;
using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>
/// Renders a <see cref="StackModel"/> as a Pulumi YAML program (<c>runtime: yaml</c>). Output is deterministic: the same
/// model gives byte-identical files. JSON-valued inputs (IAM documents, container definitions, the dashboard, the
/// secret's JSON) are YAML trees under <c>fn::toJSON</c>; secret outputs are wrapped in <c>fn::secret</c>; secret config
/// is declared <c>secret: true</c> and its value never written to a file.
/// </summary>
public sealed partial class PulumiYamlRenderer
{
    private readonly StackModel _m;
    private readonly YMap _config = new();
    private readonly YMap _variables = new();
    private readonly YMap _resources = new();
    private readonly YMap _outputs = new();
    private readonly List<ConfigValue> _values = [];

    // references resolved once the network is rendered
    private string _vpcId = "", _vpcCidr = "";
    private List<YNode> _publicSubnets = [], _privateSubnets = [];

    private PulumiYamlRenderer(StackModel model) => _m = model;

    /// <summary>Renders <paramref name="model"/> for stack <paramref name="stackName"/>. <paramref name="secretValues"/> are kept in memory only (for <c>config set-all --secret</c>).</summary>
    public static RenderedStack Render(StackModel model, string stackName, IReadOnlyDictionary<string, string>? secretValues = null)
    {
        if (string.IsNullOrWhiteSpace(stackName) || stackName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new InvalidInputException("stack", $"stack name '{stackName}' must be letters, digits, '-', '_' or '.'.");
        var r = new PulumiYamlRenderer(model);
        return r.Build(stackName, secretValues ?? new Dictionary<string, string>());
    }

    private string P => _m.ProjectName;
    private string Svc => _m.ServiceName;
    /// <summary>A physical-name prefix unique per stack.</summary>
    private static string Named(string svc, string suffix) => $"{svc}-${{pulumi.stack}}-{suffix}";
    private string N(string suffix) => Named(Svc, suffix);

    private RenderedStack Build(string stackName, IReadOnlyDictionary<string, string> secrets)
    {
        DeclareConfig(secrets);
        Providers();
        Network();
        Credentials();
        Storage();
        LoadBalancer();
        Cluster();
        Service();
        if (_m.Service.Image.Kind == ImageSourceKind.PullThroughCache) PullThroughCache();
        Observability();
        if (_m.Backup.Enabled) Backup();
        Outputs();
        if (_m.Options.LoadGenerator is { } loadGenerator) LoadGenerator(loadGenerator);

        var program = Map(
            ("name", Str(P)),
            ("runtime", Str("yaml")),
            ("description", Str($"pypiserver on ECS + EFS behind an ALB ({Describe()}), rendered by PypiKit")),
            ("requiredPulumiVersion", Str($">={StackModel.MinimumPulumiVersion}")),
            ("config", _config),
            ("variables", _variables.Count > 0 ? _variables : null),
            ("resources", _resources),
            ("outputs", _outputs));

        var stackConfig = new YMap();
        foreach (var v in _values.Where(v => !v.IsSecret))
            stackConfig.Set($"{P}:{v.Key}", v.IsList ? Strs([.. v.Items]) : Str(v.Value));
        var stackFile = "# Plain config values of this stack. Secret values are never written here: set them with\n" +
                        "# 'pulumi config set --secret <key>' (PypiKit's driver does it with 'config set-all --secret').\n" +
                        YamlWriter.Write(Map(("config", stackConfig)));
        var header = "# Rendered by PypiKit from a StackModel — edit the model (or its options), not this file.\n" +
                     $"# Schema: @pulumi/aws {StackModel.AwsProviderVersion}, @pulumi/random {StackModel.RandomProviderVersion}.\n";
        return new RenderedStack(P, stackName, header + YamlWriter.Write(program), stackFile, _values);
    }

    private string Describe()
    {
        var parts = new List<string>
        {
            _m.Options.Shape == StackShape.Dev ? "dev, single AZ" : $"prod, {_m.Network.PrivateSubnetCount} AZs",
            _m.Cluster.Capacity switch { CapacityKind.Ec2 => $"EC2 {_m.Cluster.InstanceType}", CapacityKind.Fargate => "Fargate", _ => "Fargate Spot" },
            _m.Service.Scaling.Mode == ScalingMode.Step ? "CPU step scaling" : $"CPU target tracking {_m.Service.Scaling.TargetCpuPercent} %",
        };
        if (_m.LoadBalancer.CloudFront is not null) parts.Add("CloudFront");
        if (!_m.Network.CreateVpc) parts.Add("existing subnets");
        return string.Join(", ", parts);
    }

    /// <summary>Adds one resource (its name must be new).</summary>
    private void Res(string name, string type, YMap properties, YMap? options = null, bool defaultProvider = false)
    {
        if (_resources.ContainsKey(name)) throw new InvalidOperationException($"resource '{name}' rendered twice");
        _resources.Set(name, Map(("type", Str(type)), ("defaultProvider", defaultProvider ? Bool(true) : null),
            ("properties", properties), ("options", options is { Count: > 0 } ? options : null)));
    }
}
