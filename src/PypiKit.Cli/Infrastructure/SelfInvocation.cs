namespace PypiKit.Cli;

/// <summary>How this CLI starts itself again (a sandbox instance, a detached sandbox): one place for every module that needs it.</summary>
internal static class SelfInvocation
{
    /// <summary>The command line that re-runs this CLI (dotnet + dll, or the apphost) with <paramref name="args"/>.</summary>
    public static IReadOnlyList<string> Command(params string[] args)
    {
        var exe = Environment.ProcessPath ?? "dotnet";
        var dll = typeof(SelfInvocation).Assembly.Location;
        var isDotnetHost = Path.GetFileNameWithoutExtension(exe).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        return isDotnetHost ? [exe, dll, .. args] : [exe, .. args];
    }
}
