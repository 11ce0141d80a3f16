using System.CommandLine;

namespace PypiKit.Cli;

/// <summary>
/// One top-level group of <c>pypikit</c> commands (size, sandbox, burst, …), built by its own file under
/// <c>Commands/</c>. <see cref="CliModules.All"/> lists them in the order help shows them.
/// </summary>
public interface ICliModule
{
    /// <summary>Builds the group's command tree.</summary>
    Command Build();
}
