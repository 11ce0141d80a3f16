using PypiKit.Json;

namespace PypiKit.Sandbox.Daemon;

/// <summary>What a state directory says about its sandbox.</summary>
public enum SandboxStatus { None, Running, Stale }

/// <summary>
/// The directory of a background sandbox: <c>state.json</c>, the htpasswd file, instance options and logs. It is kept
/// private (0700, the state file 0600): the htpasswd hashes and logs are nobody else's business.
/// </summary>
public sealed class SandboxStateDirectory(string path)
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string StateFile => System.IO.Path.Combine(Path, "state.json");
    public string LogFile => System.IO.Path.Combine(Path, "up.log");

    /// <summary>The default: <c>$PYPIKIT_SANDBOX_STATE</c>, else <c>~/.local/share/pypikit/sandbox</c>.</summary>
    public static string DefaultPath() =>
        Environment.GetEnvironmentVariable("PYPIKIT_SANDBOX_STATE") is { Length: > 0 } s ? s
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "pypikit", "sandbox");

    /// <summary>Creates the directory (0700), or makes an existing one 0700.</summary>
    public void Prepare()
    {
        if (OperatingSystem.IsWindows()) { Directory.CreateDirectory(Path); return; }
        Directory.CreateDirectory(Path, Private);
        if (File.GetUnixFileMode(Path) != Private) File.SetUnixFileMode(Path, Private);
    }

    /// <summary>The recorded state; null when there is none or it cannot be read (a damaged file counts as none).</summary>
    public SandboxState? Read()
    {
        if (!File.Exists(StateFile)) return null;
        try
        {
            var st = PypiKitJson.Deserialize<SandboxState>(File.ReadAllText(StateFile));
            // a file from an older version has no identities: it matches no process (so nothing is ever signalled by guess)
            return st is null ? null : st with { Command = st.Command ?? "", Instances = st.Instances ?? [] };
        }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException) { return null; }
    }

    /// <summary>Whether the recorded balancer process still runs (<see cref="SandboxStatus.Stale"/>: a state file outlived it).</summary>
    public (SandboxStatus Status, SandboxState? State) Inspect()
    {
        var st = Read();
        if (st is null) return File.Exists(StateFile) ? (SandboxStatus.Stale, null) : (SandboxStatus.None, null);
        return (st.Balancer.IsRunning() ? SandboxStatus.Running : SandboxStatus.Stale, st);
    }

    /// <summary>Writes the state file atomically, readable by its owner only.</summary>
    public void Write(SandboxState state)
    {
        var tmp = StateFile + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var fs = new FileStream(tmp, options)) fs.Write(System.Text.Encoding.UTF8.GetBytes(PypiKitJson.Serialize(state)));
        File.Move(tmp, StateFile, overwrite: true);
    }

    public void DeleteState()
    {
        try { File.Delete(StateFile); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
