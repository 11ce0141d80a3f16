using System.Text;
using PypiKit.Automation.Yaml;

namespace PypiKit.Automation.Rendering;

/// <summary>One config value of the stack: plain values go to <c>Pulumi.&lt;stack&gt;.yaml</c>; secret ones never do — the driver sets them with <c>pulumi config set-all --secret</c>.</summary>
public sealed record ConfigValue(string Key, string Value, bool IsSecret)
{
    /// <summary>The program declares the key an array: <see cref="Value"/> holds its items comma-separated.</summary>
    public bool IsList { get; init; }

    /// <summary>The items of a list value.</summary>
    public IReadOnlyList<string> Items => Value.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

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

    /// <summary>
    /// Writes Pulumi.yaml into <paramref name="directory"/> (created if needed), and Pulumi.&lt;stack&gt;.yaml only when
    /// there is none: an existing stack file belongs to the stack (its <c>encryptionsalt</c>, secrets, a user's keys) and
    /// is changed through <c>pulumi config</c> only. Returns the paths written.
    /// </summary>
    public IReadOnlyList<string> WriteTo(string directory)
    {
        var written = new List<string> { WriteProgramTo(directory) };
        var stack = Path.Combine(directory, StackFileName);
        if (!File.Exists(stack))
        {
            File.WriteAllText(stack, StackConfigYaml, new UTF8Encoding(false));
            written.Add(stack);
        }
        return written;
    }

    /// <summary>Writes Pulumi.yaml (the program) only; returns its path.</summary>
    public string WriteProgramTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var project = Path.Combine(directory, ProjectFileName);
        File.WriteAllText(project, ProjectYaml, new UTF8Encoding(false));
        return project;
    }
}
