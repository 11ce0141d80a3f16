using System.Text;
using PypiKit.Automation.Yaml;

namespace PypiKit.Automation.Rendering;

/// <summary>One config value of the stack: plain values go to <c>Pulumi.&lt;stack&gt;.yaml</c>; secret ones never do — the driver sets them with <c>pulumi config set-all --secret</c>.</summary>
public sealed record ConfigValue(string Key, string Value, bool IsSecret);

/// <summary>
/// A rendered Pulumi YAML program: <see cref="ProjectYaml"/> (Pulumi.yaml with the program in it) and
/// <see cref="StackConfigYaml"/> (Pulumi.&lt;stack&gt;.yaml with plain config values only).
/// </summary>
public sealed record RenderedStack(
    string ProjectName,
    string StackName,
    string ProjectYaml,
    string StackConfigYaml,
    IReadOnlyList<ConfigValue> Config)
{
    public string ProjectFileName => "Pulumi.yaml";
    public string StackFileName => $"Pulumi.{StackName}.yaml";

    /// <summary>The program parsed back (what the validator and the policy checks read).</summary>
    public YMap Program => (YMap)YamlReader.Read(ProjectYaml);

    /// <summary>Config values that must be set as secrets (their values are not in any file).</summary>
    public IEnumerable<ConfigValue> SecretConfig => Config.Where(c => c.IsSecret);

    /// <summary>Writes Pulumi.yaml and Pulumi.&lt;stack&gt;.yaml into <paramref name="directory"/> (created if needed); returns the paths.</summary>
    public IReadOnlyList<string> WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var project = Path.Combine(directory, ProjectFileName);
        var stack = Path.Combine(directory, StackFileName);
        var utf8 = new UTF8Encoding(false);
        File.WriteAllText(project, ProjectYaml, utf8);
        File.WriteAllText(stack, StackConfigYaml, utf8);
        return [project, stack];
    }
}
