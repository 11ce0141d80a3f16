using System.CommandLine;

namespace PypiKit.Cli;

/// <summary>
/// One top-level group of <c>pypikit</c> commands (size, sandbox, burst, …). Each lives in its own file under
/// <c>Commands/</c>; <see cref="Program"/> finds every implementation by reflection, so adding a command group never
/// touches a shared file.
/// </summary>
public interface ICliModule
{
    /// <summary>Where the group is listed in <c>pypikit --help</c> (smaller first).</summary>
    int Order { get; }

    /// <summary>Builds the group's command tree.</summary>
    Command Build();
}
