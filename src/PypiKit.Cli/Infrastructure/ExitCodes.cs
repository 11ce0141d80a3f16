namespace PypiKit.Cli;

/// <summary>The exit codes of <c>pypikit</c>, the same for every command (README lists them).</summary>
public static class ExitCodes
{
    /// <summary>The work ran and passed.</summary>
    public const int Ok = 0;

    /// <summary>The work itself failed (a chart that did not draw, an AWS error, a failing notebook cell).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: an unknown command or option, a value out of range, a path that cannot be read or written. Nothing was started.</summary>
    public const int BadInput = 2;

    /// <summary>A burst or lab ran to its end and a threshold was breached.</summary>
    public const int ThresholdsBreached = 99;

    /// <summary>Stopped by Ctrl+C or SIGTERM (128 + SIGINT); what ran was written first.</summary>
    public const int Cancelled = 130;
}
