using System.CommandLine;

namespace PypiKit.Cli;

/// <summary>
/// Flags renamed for one vocabulary (<c>--aws-profile</c> for AWS profiles, the <c>size</c> names for EFS settings). The
/// old spelling still works for now: it is rewritten to the new one before parsing, with one deprecation line on stderr.
/// It is no alias of the option, so help and suggestions show only the new name.
/// </summary>
public static class RenamedFlags
{
    /// <summary>One rename: <paramref name="Old"/> → <paramref name="New"/> in the commands whose path starts with <paramref name="Command"/>.</summary>
    public sealed record Rename(string Command, string Old, string New);

    /// <summary>The renames (command paths are the words after <c>pypikit</c>).</summary>
    public static readonly IReadOnlyList<Rename> All =
    [
        new("analyze", "--profile", "--aws-profile"),
        new("telemetry", "--profile", "--aws-profile"),
        new("size cost", "--efs-gb", "--storage-gb"),
        new("size cost", "--efs-read-gb", "--read-gb-month"),
        new("size cost", "--efs-write-gb", "--write-gb-month"),
        new("deploy", "--efs-throughput", "--efs-mode"),
        new("deploy", "--efs-provisioned-mibps", "--provisioned-mibps"),
        new("campaign", "--efs-throughput", "--efs-mode"),
        new("campaign", "--efs-provisioned-mibps", "--provisioned-mibps"),
    ];

    /// <summary>
    /// <paramref name="args"/> with renamed flags replaced (also in <c>--old=value</c> form), and one warning per old
    /// flag written to <paramref name="warnings"/>. Only tokens before a <c>--</c> are considered.
    /// </summary>
    public static string[] Apply(Command root, string[] args, TextWriter warnings)
    {
        var path = CommandPath(root, args);
        var result = (string[])args.Clone();
        for (int i = 0; i < result.Length && result[i] != "--"; i++)
        {
            var token = result[i];
            var name = token.Split('=', 2)[0];
            var rename = All.FirstOrDefault(r => r.Old == name && (path == r.Command || path.StartsWith(r.Command + " ", StringComparison.Ordinal)));
            if (rename is null) continue;
            result[i] = rename.New + token[name.Length..];
            warnings.WriteLine($"warning: {rename.Old} is deprecated for 'pypikit {path}'; use {rename.New}");
        }
        return result;
    }

    /// <summary>The words of the command <paramref name="args"/> names (<c>size cost</c>), following subcommands from the root.</summary>
    public static string CommandPath(Command root, string[] args)
    {
        var words = new List<string>();
        var command = root;
        foreach (var a in args)
        {
            var sub = command.Subcommands.FirstOrDefault(c => c.Name == a || c.Aliases.Contains(a));
            if (sub is null) break;
            words.Add(sub.Name);
            command = sub;
        }
        return string.Join(' ', words);
    }
}
