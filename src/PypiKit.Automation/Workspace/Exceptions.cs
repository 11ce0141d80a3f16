namespace PypiKit.Automation.Workspace;

/// <summary>A pulumi command exited non-zero. <see cref="ToString"/> gives the command, exit code, stdout and stderr (as Automation API does).</summary>
public class CommandException : Exception
{
    public CommandException(string command, int exitCode, string standardOutput, string standardError, string? message = null)
        : base(message ?? $"'{command}' failed with exit code {exitCode}: {FirstErrorLine(standardError)}")
    {
        Command = command; ExitCode = exitCode; StandardOutput = standardOutput; StandardError = standardError;
    }

    public string Command { get; }
    public int ExitCode { get; }
    public string StandardOutput { get; }
    public string StandardError { get; }

    public override string ToString() =>
        $"{GetType().Name}: {Message}\ncommand: {Command}\ncode: {ExitCode}\nstdout: {StandardOutput}\nstderr: {StandardError}";

    private static string FirstErrorLine(string stderr) =>
        stderr.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("error:", StringComparison.OrdinalIgnoreCase))
        ?? stderr.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(no stderr)";

    /// <summary>Picks the subclass from stderr the way Automation API does.</summary>
    internal static CommandException From(string command, int exitCode, string stdout, string stderr)
    {
        if (System.Text.RegularExpressions.Regex.IsMatch(stderr, "no stack named.*found"))
            return new StackNotFoundException(command, exitCode, stdout, stderr);
        if (System.Text.RegularExpressions.Regex.IsMatch(stderr, "stack.*already exists"))
            return new StackAlreadyExistsException(command, exitCode, stdout, stderr);
        if (stderr.Contains("[409] Conflict: Another update is currently in progress.", StringComparison.Ordinal)
            || stderr.Contains("the stack is currently locked by", StringComparison.Ordinal))
            return new ConcurrentUpdateException(command, exitCode, stdout, stderr);
        if (stderr.Contains("passphrase must be set with PULUMI_CONFIG_PASSPHRASE", StringComparison.Ordinal))
            return new MissingPassphraseException(command, exitCode, stdout, stderr);
        return new CommandException(command, exitCode, stdout, stderr);
    }
}

public sealed class StackNotFoundException(string command, int exitCode, string stdout, string stderr) : CommandException(command, exitCode, stdout, stderr);
public sealed class StackAlreadyExistsException(string command, int exitCode, string stdout, string stderr) : CommandException(command, exitCode, stdout, stderr);
public sealed class ConcurrentUpdateException(string command, int exitCode, string stdout, string stderr) : CommandException(command, exitCode, stdout, stderr);
/// <summary>The passphrase secrets provider needs PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE (set <see cref="PulumiWorkspaceOptions.Passphrase"/>).</summary>
public sealed class MissingPassphraseException(string command, int exitCode, string stdout, string stderr) : CommandException(command, exitCode, stdout, stderr);

/// <summary>A preview ended without a summary event (so there is no change summary).</summary>
public sealed class NoSummaryEventException(string message) : Exception(message);

/// <summary>The pulumi CLI is not installed (not on PATH, or the configured path does not exist).</summary>
public sealed class PulumiNotFoundException(string message) : Exception(message);

/// <summary>The pulumi CLI is older than <see cref="PulumiWorkspace.MinimumVersion"/> or of a newer major version.</summary>
public sealed class PulumiVersionException(string message) : Exception(message);
