using System.CommandLine;
using PypiKit.Sizing;

namespace PypiKit.Cli.Commands.Size;

/// <summary>
/// The EFS flags every command that models the file system shares, defined once: <c>--storage-gb</c> and
/// <c>--efs-mode</c> (an enum, so the values, their spelling and the bad-value message come from the CLI's conventions).
/// Only the default mode differs: the lab simulates burst credits (bursting), cost and deploy price elastic.
/// </summary>
internal static class EfsFlags
{
    /// <summary><c>--storage-gb</c>: GiB stored in EFS Standard; <paramref name="use"/> says what the command does with it.</summary>
    public static Option<double> Storage(string use, double defaultGib = 10) =>
        new("--storage-gb") { Description = $"GiB stored in EFS Standard ({use}).", DefaultValueFactory = _ => defaultGib };

    /// <summary><c>--efs-mode</c>: bursting, elastic or provisioned, with the command's default.</summary>
    public static Option<EfsThroughputMode> Mode(EfsThroughputMode defaultMode, string? note = null) =>
        new("--efs-mode")
        {
            Description = $"EFS throughput mode: bursting, elastic or provisioned (default {defaultMode.ToString().ToLowerInvariant()}){(note is null ? "" : "; " + note)}.",
            DefaultValueFactory = _ => defaultMode,
        };
}
