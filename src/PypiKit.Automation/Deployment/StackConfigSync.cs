using System.Text.Json;
using PypiKit.Automation.Rendering;
using PypiKit.Automation.Workspace;

namespace PypiKit.Automation.Deployment;

/// <summary>
/// Brings a stack's config to what the rendered program needs the way Automation API does it — through
/// <c>pulumi config rm</c> and <c>config set-all --path</c>, never by rewriting <c>Pulumi.&lt;stack&gt;.yaml</c> — so the
/// <c>encryptionsalt</c>, secrets set earlier and keys a user added (<c>aws:profile</c>) stay. Only keys whose value
/// differs are touched; a list whose items changed is removed first, then set item by item (<c>alarmEmails[0]</c>).
/// </summary>
public static class StackConfigSync
{
    /// <summary>Keys to remove and values to set (path syntax) to go from <paramref name="current"/> to <paramref name="desired"/>.</summary>
    public static (IReadOnlyList<string> Remove, IReadOnlyList<ConfigValue> Set) Plan(
        string project, IReadOnlyDictionary<string, StackConfigValue> current, IEnumerable<ConfigValue> desired)
    {
        var remove = new List<string>();
        var set = new List<ConfigValue>();
        foreach (var d in desired)
        {
            var has = current.TryGetValue($"{project}:{d.Key}", out var now);
            if (d.IsList)
            {
                var items = d.Items;
                if (has && ListOf(now!.Value) is { } old && old.SequenceEqual(items) && now.IsSecret == d.IsSecret) continue;
                if (has) remove.Add(d.Key);
                set.AddRange(items.Select((item, i) => new ConfigValue($"{d.Key}[{i}]", item, d.IsSecret)));
            }
            else if (!has || now!.Value != d.Value || now.IsSecret != d.IsSecret) set.Add(d);
        }
        return (remove, set);
    }

    private static IReadOnlyList<string>? ListOf(string json)
    {
        if (!json.StartsWith('[')) return null;
        try { return JsonSerializer.Deserialize<List<string>>(json); }
        catch (JsonException) { return null; }
    }

    /// <summary>Reads the stack's config, then removes and sets what differs (nothing when it already matches).</summary>
    public static async Task ApplyAsync(WorkspaceStack stack, RenderedStack rendered, CancellationToken ct = default)
    {
        var current = await stack.GetAllConfigAsync(ct);
        var (remove, set) = Plan(rendered.ProjectName, current, rendered.Config);
        foreach (var key in remove) await stack.Workspace.RemoveConfigAsync(stack.Name, key, ct: ct);
        if (set.Count > 0) await stack.SetAllConfigAsync(set, path: true, ct);
    }
}
