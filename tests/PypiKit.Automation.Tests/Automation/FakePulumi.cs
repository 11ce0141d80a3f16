using System.Text.Json;

namespace PypiKit.Automation.Tests.Automation;

/// <summary>
/// A stand-in <c>pulumi</c> executable: <c>fake_pulumi.py</c> (beside the test assembly) copied into a temp folder. It is
/// as strict as the real CLI where the driver can go wrong — unknown flags per subcommand, <c>encryptionsalt</c> written
/// at <c>stack init</c>, the passphrase required (and checked) on a passphrase stack, the program's required config and
/// <c>requiredPulumiVersion</c> checked by up/preview, <c>config set/set-all</c> (<c>--path</c>, <c>--secret</c>,
/// <c>--plaintext</c>) editing <c>Pulumi.&lt;stack&gt;.yaml</c>, destroy working from the recorded state — and records
/// every argv (with the PULUMI_* environment and its pid). Behaviour switches come from FAKE_PULUMI_* variables.
/// </summary>
public sealed class FakePulumi : IDisposable
{
    /// <summary>The script's source, copied beside the test assembly.</summary>
    public static string ScriptSource => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Automation", "fake_pulumi.py"));

    /// <summary>An event log shaped like pulumi's (prelude, steps, a diagnostic, the summary, cancel).</summary>
    public static readonly string[] Events =
    [
        """{"sequence":0,"timestamp":1763766000,"preludeEvent":{"config":{"pypikit:region":"us-east-1"}}}""",
        """{"sequence":1,"timestamp":1763766001,"resourcePreEvent":{"metadata":{"op":"create","urn":"urn:pulumi:dev::pypikit::pulumi:pulumi:Stack::pypikit-dev","type":"pulumi:pulumi:Stack","old":null,"new":{"type":"pulumi:pulumi:Stack","urn":"urn:pulumi:dev::pypikit::pulumi:pulumi:Stack::pypikit-dev","id":"","parent":"","inputs":{},"outputs":{},"provider":""},"provider":""},"planning":true}}""",
        """{"sequence":2,"timestamp":1763766002,"resourcePreEvent":{"metadata":{"op":"create","urn":"urn:pulumi:dev::pypikit::aws:ec2/vpc:Vpc::vpc","type":"aws:ec2/vpc:Vpc","old":null,"new":{"type":"aws:ec2/vpc:Vpc","urn":"urn:pulumi:dev::pypikit::aws:ec2/vpc:Vpc::vpc","custom":true,"id":"","parent":"urn:pulumi:dev::pypikit::pulumi:pulumi:Stack::pypikit-dev","inputs":{"cidrBlock":"10.0.0.0/16"},"outputs":{},"provider":"urn:pulumi:dev::pypikit::pulumi:providers:aws::awsProvider::04da6b54"},"detailedDiff":null,"provider":"urn:pulumi:dev::pypikit::pulumi:providers:aws::awsProvider::04da6b54"}}}""",
        """not json: a torn line the watcher must skip""",
        """{"sequence":3,"timestamp":1763766003,"diagnosticEvent":{"urn":"urn:pulumi:dev::pypikit::aws:ec2/vpc:Vpc::vpc","prefix":"warning: ","message":"a warning from the provider\n","color":"never","severity":"warning"}}""",
        """{"sequence":4,"timestamp":1763766004,"resOutputsEvent":{"metadata":{"op":"create","urn":"urn:pulumi:dev::pypikit::aws:ec2/vpc:Vpc::vpc","type":"aws:ec2/vpc:Vpc","old":null,"new":null,"provider":""}}}""",
        """{"sequence":5,"timestamp":1763766005,"summaryEvent":{"maybeCorrupt":false,"durationSeconds":5,"resourceChanges":{"create":82,"same":1},"PolicyPacks":{},"isPreview":true,"result":"succeeded"}}""",
        """{"sequence":6,"timestamp":1763766006,"cancelEvent":{}}""",
    ];

    private readonly TempDir _scratch = new("pypikit-fake-pulumi-");

    public FakePulumi()
    {
        Directory = _scratch.Path;
        WorkDir = Path.Combine(Directory, "work");
        System.IO.Directory.CreateDirectory(WorkDir);
        Executable = Path.Combine(Directory, "pulumi");
        // a direct interpreter path starts faster than a version-manager shim (and leaves PATH as the driver set it)
        var shebang = File.Exists("/usr/bin/python3") ? "#!/usr/bin/python3" : "#!/usr/bin/env python3";
        File.WriteAllText(Executable, ScriptSource.Replace("\r\n", "\n").Replace("#!/usr/bin/env python3", shebang));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        EventsFile = Path.Combine(Directory, "events.jsonl");
        File.WriteAllLines(EventsFile, Events);
    }

    public string Directory { get; }
    public string WorkDir { get; }
    public string Executable { get; }
    public string EventsFile { get; }

    /// <summary>Pulumi.&lt;stack&gt;.yaml in <see cref="WorkDir"/>.</summary>
    public string StackFile(string stack) => Path.Combine(WorkDir, $"Pulumi.{stack}.yaml");

    /// <summary>
    /// Creates a stack the way a user would have (<c>pulumi stack init</c> with the passphrase provider), unrecorded; writes a
    /// minimal Pulumi.yaml first when the work dir has none.
    /// </summary>
    public void InitStack(string stack = "dev", string passphrase = "correct horse")
    {
        if (!File.Exists(Path.Combine(WorkDir, "Pulumi.yaml"))) WriteProject();
        var psi = new System.Diagnostics.ProcessStartInfo(Executable) { WorkingDirectory = WorkDir, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "stack", "init", stack, "--non-interactive" }) psi.ArgumentList.Add(a);
        psi.Environment["PULUMI_CONFIG_PASSPHRASE"] = passphrase;
        psi.Environment["FAKE_PULUMI_NO_RECORD"] = "1";
        using var p = System.Diagnostics.Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("fake stack init failed: " + err);
    }

    /// <summary>Writes Pulumi.yaml into <see cref="WorkDir"/>: project <c>pypikit</c>, runtime yaml, then <paramref name="body"/>.</summary>
    public void WriteProject(string body = "") => File.WriteAllText(Path.Combine(WorkDir, "Pulumi.yaml"), "name: pypikit\nruntime: yaml\n" + body);

    /// <summary>Is a process with this id still running (a zombie counts as gone)?</summary>
    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try { return !File.ReadAllText(stat).Split(' ')[2].Equals("Z", StringComparison.Ordinal); }
        catch (IOException) { return false; }
    }

    /// <summary>Every recorded call: argv, PULUMI_* env, cwd, first PATH entry, extra marker (e.g. "SIGINT"), pid.</summary>
    public IReadOnlyList<(string[] Argv, Dictionary<string, string> Env, string Cwd, string Path0, string? Extra, int Pid)> Calls
    {
        get
        {
            var file = Path.Combine(Directory, "calls.jsonl");
            if (!File.Exists(file)) return [];
            return [.. File.ReadAllLines(file).Where(l => l.Length > 0).Select(l =>
            {
                using var d = JsonDocument.Parse(l);
                var r = d.RootElement;
                return (r.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!).ToArray(),
                    r.GetProperty("env").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                    r.GetProperty("cwd").GetString()!, r.GetProperty("path0").GetString()!,
                    r.GetProperty("extra").ValueKind == JsonValueKind.String ? r.GetProperty("extra").GetString() : (string?)null,
                    r.GetProperty("pid").GetInt32());
            })];
        }
    }

    /// <summary>Session and process group id the call with <paramref name="pid"/> ran in (from its first record).</summary>
    public (int Sid, int Pgid) SessionOf(int pid)
    {
        foreach (var l in File.ReadAllLines(Path.Combine(Directory, "calls.jsonl")).Where(l => l.Length > 0))
        {
            using var d = JsonDocument.Parse(l);
            var r = d.RootElement;
            if (r.GetProperty("pid").GetInt32() == pid) return (r.GetProperty("sid").GetInt32(), r.GetProperty("pgid").GetInt32());
        }
        throw new InvalidOperationException($"no call recorded with pid {pid}");
    }

    /// <summary>Argv lines with the random event-log path replaced by <c>&lt;event-log&gt;</c>.</summary>
    public IReadOnlyList<string> ArgvLines => [.. Calls.Where(c => c.Extra is null).Select(c => Line(c.Argv))];

    private static string Line(string[] argv)
    {
        var parts = new List<string>();
        for (var i = 0; i < argv.Length; i++) parts.Add(i > 0 && argv[i - 1] == "--event-log" ? "<event-log>" : argv[i]);
        return string.Join(" ", parts);
    }

    public void Dispose() => _scratch.Dispose();
}
