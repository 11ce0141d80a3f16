namespace PypiKit.Sandbox.Tests.Sandbox;

/// <summary>
/// An external program a test needs (installed by scripts/setup.sh). Missing: the test is skipped on a developer
/// machine and fails under CI (<c>CI=true</c>), where setup.sh must have installed it.
/// </summary>
public static class RequiredTool
{
    public static string Find(string path, string debianPackage)
    {
        if (File.Exists(path)) return path;
        var message = $"{path} is missing: install Debian's {debianPackage} (scripts/setup.sh does).";
        if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail(message);
        Assert.Skip(message);
        return path;
    }
}
