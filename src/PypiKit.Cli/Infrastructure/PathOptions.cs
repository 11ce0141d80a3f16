using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.CompilerServices;

namespace PypiKit.Cli;

/// <summary>What a path option names: something read (must exist) or something written (its folder must be writable).</summary>
public enum PathKind
{
    /// <summary>An existing file to read.</summary>
    InputFile,

    /// <summary>An existing folder to read.</summary>
    InputDirectory,

    /// <summary>A file to write: not an existing folder; the nearest existing folder above it is writable.</summary>
    OutputFile,

    /// <summary>A folder to write into: not an existing file; it or the nearest existing folder above it is writable.</summary>
    OutputDirectory,
}

/// <summary>
/// Every path option is checked while parsing, before any work: an input must exist, an output must be writable.
/// Options declare their kind with <see cref="Path{T}"/>; undeclared <see cref="FileInfo"/> options are inputs, and
/// options named <c>--out</c>, <c>--html</c>, <c>--json</c> (a string), <c>--runbook</c>, <c>--charts-dir</c> or
/// <c>--reports</c> are outputs. Only values given on the command line are checked (defaults are the command's business).
/// </summary>
public static class PathOptions
{
    private static readonly ConditionalWeakTable<Option, object> Declared = [];

    /// <summary>Declares what <paramref name="option"/> names.</summary>
    public static Option<T> Path<T>(this Option<T> option, PathKind kind)
    {
        Declared.AddOrUpdate(option, kind);
        return option;
    }

    private static readonly HashSet<string> FileOutputs = ["--html", "--json", "--runbook"];
    private static readonly HashSet<string> DirectoryOutputs = ["--out", "--charts-dir", "--reports", "--state-dir"];

    /// <summary>The kind of path <paramref name="option"/> takes, or null when it takes no path.</summary>
    public static PathKind? KindOf(Option option)
    {
        if (Declared.TryGetValue(option, out var k)) return (PathKind)k;
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        bool pathLike = type == typeof(string) || type == typeof(FileInfo) || type == typeof(DirectoryInfo);
        if (!pathLike) return null;
        if (FileOutputs.Contains(option.Name)) return PathKind.OutputFile;
        if (DirectoryOutputs.Contains(option.Name)) return type == typeof(FileInfo) ? PathKind.OutputFile : PathKind.OutputDirectory;
        if (type == typeof(FileInfo)) return PathKind.InputFile;
        if (type == typeof(DirectoryInfo)) return PathKind.InputDirectory;
        return null;
    }

    /// <summary>Adds the check to a path option; false when the option takes no path.</summary>
    public static bool TryInstall(Option option)
    {
        if (KindOf(option) is not { } kind) return false;
        option.Validators.Add(r =>
        {
            if (r.Implicit || r.Tokens.Count == 0) return;
            var value = r.Tokens[^1].Value;
            if (Problem(value, kind) is { } problem) r.AddError($"{ValueChoices.FlagAsTyped(r)} '{value}': {problem}");
        });
        return true;
    }

    /// <summary>What is wrong with <paramref name="value"/> as a <paramref name="kind"/>, or null. Writes nothing but a removed probe file.</summary>
    public static string? Problem(string value, PathKind kind)
    {
        string full;
        try { full = System.IO.Path.GetFullPath(value); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return "not a valid path"; }
        switch (kind)
        {
            case PathKind.InputFile:
                return File.Exists(full) ? null : Directory.Exists(full) ? "is a folder, a file is needed" : "no such file";
            case PathKind.InputDirectory:
                return Directory.Exists(full) ? null : File.Exists(full) ? "is a file, a folder is needed" : "no such folder";
            case PathKind.OutputFile when Directory.Exists(full):
                return "is a folder; give a file name";
            case PathKind.OutputDirectory when File.Exists(full):
                return "is a file; give a folder";
        }
        var existing = kind == PathKind.OutputDirectory ? full : System.IO.Path.GetDirectoryName(full) ?? full;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing)) return $"cannot be written: '{existing}' is a file, not a folder";
            existing = System.IO.Path.GetDirectoryName(existing);
            if (existing is null) return "cannot be written: no existing folder above it";
        }
        return Writable(existing) ? null : $"cannot be written: folder '{existing}' is not writable";
    }

    private static bool Writable(string directory)
    {
        try
        {
            using var probe = new FileStream(System.IO.Path.Combine(directory, $".pypikit-probe-{Environment.ProcessId}-{Guid.NewGuid():N}"),
                FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
