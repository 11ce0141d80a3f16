using System.Text.RegularExpressions;
using PypiKit.Automation.Validation;
using PypiKit.Automation.Yaml;

namespace PypiKit.Automation.Policy;

/// <summary>One resource of a parsed program with its canonical type token.</summary>
public sealed record ProgramResource(string Name, string Token, YMap Properties, YMap Options);

/// <summary>Read helpers over a parsed Pulumi YAML program, shared by the policy checks.</summary>
public sealed partial class ProgramView
{
    public ProgramView(YMap program, YMap? stackConfig = null)
    {
        Program = program;
        StackConfig = stackConfig?.Map("config") ?? new YMap();
        var resources = program.Map("resources") ?? new YMap();
        Resources = [.. resources.Entries.Where(e => e.Value is YMap).Select(e =>
        {
            var r = (YMap)e.Value;
            var type = r.Str("type") ?? "";
            var token = SchemaValidator.Default.ResolveToken(type) ?? type;
            return new ProgramResource(e.Key, token, r.Map("properties") ?? new YMap(), r.Map("options") ?? new YMap());
        })];
        Config = program.Map("config") ?? new YMap();
        Variables = program.Map("variables") ?? new YMap();
        Outputs = program.Map("outputs") ?? new YMap();
    }

    public YMap Program { get; }
    public YMap StackConfig { get; }
    public YMap Config { get; }
    public YMap Variables { get; }
    public YMap Outputs { get; }
    public IReadOnlyList<ProgramResource> Resources { get; }

    public IEnumerable<ProgramResource> OfType(string token) => Resources.Where(r => r.Token == token);
    public ProgramResource? Get(string name) => Resources.FirstOrDefault(r => r.Name == name);

    /// <summary>Every <c>${…}</c> expression inside <paramref name="node"/>.</summary>
    public static IEnumerable<string> Refs(YNode? node) => node switch
    {
        YScalar { Kind: ScalarKind.String } s => Interp().Matches(s.Text.Replace("$$", "", StringComparison.Ordinal)).Select(m => m.Groups[1].Value.Trim()),
        YSeq q => q.Items.SelectMany(Refs),
        YMap m => m.Entries.SelectMany(e => Refs(e.Value)),
        _ => [],
    };

    /// <summary>The root name of a reference expression (<c>vpc</c> of <c>vpc.cidrBlock</c>).</summary>
    public static string RootOf(string expr) => RootPattern().Match(expr) is { Success: true } m ? m.Groups[1].Value : expr;

    /// <summary>Does <paramref name="node"/> reference the resource <paramref name="name"/> (as <c>${name}</c> or <c>${name.x}</c>)?</summary>
    public static bool References(YNode? node, string name) => Refs(node).Any(r => RootOf(r) == name);

    /// <summary>The JSON document under an <c>fn::toJSON</c> (or the node itself).</summary>
    public static YNode? JsonDoc(YNode? node) => node is YMap { Count: 1 } m && m.Entries[0].Key.Equals("fn::toJSON", StringComparison.OrdinalIgnoreCase) ? m.Entries[0].Value : node;

    /// <summary>Items of a node that is a list, or the node itself as a one-item list (IAM's "string or list").</summary>
    public static IEnumerable<YNode> AsList(YNode? node) => node switch { null => [], YSeq s => s.Items, _ => [node] };

    public static string? Text(YNode? node) => (node as YScalar)?.Text;
    public static bool IsTrue(YNode? node) => node is YScalar s && (s.AsBool == true || s.Text == "true");

    [GeneratedRegex(@"\$\{([^}]+)\}")] private static partial Regex Interp();
    [GeneratedRegex(@"^([^.\[]+)")] private static partial Regex RootPattern();
}
