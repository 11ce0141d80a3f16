using System.Text.Json;

namespace PypiKit.Automation.Tests.Automation;

/// <summary>
/// A fake <c>pulumi</c> executable (a small Python script written into a temp folder) that records every argv (and the
/// PULUMI_* environment) as one JSON line, answers <c>version</c>, <c>stack output</c>, <c>stack history</c>, and for
/// preview/up/refresh/destroy replays an engine-event log (shaped like pulumi's apitype events) into the
/// <c>--event-log</c> file it is given. Behaviour switches come from FAKE_PULUMI_* environment variables.
/// </summary>
public sealed class FakePulumi : IDisposable
{
    public const string Script = """
        #!/usr/bin/env python3
        import json, os, signal, sys, time
        args = sys.argv[1:]
        env = {k: v for k, v in os.environ.items() if k.startswith("PULUMI_")}
        here = os.path.dirname(os.path.abspath(__file__))
        def record(extra=None):
            with open(os.path.join(here, "calls.jsonl"), "a") as f:
                f.write(json.dumps({"argv": args, "env": env, "cwd": os.getcwd(), "path0": os.environ.get("PATH", "").split(os.pathsep)[0], "extra": extra}) + "\n")
        record()
        def flag(name):
            return os.environ.get("FAKE_PULUMI_" + name)
        def fail(msg, code=255):
            sys.stderr.write(msg + "\n"); sys.exit(code)
        if flag("STDERR") and args and args[0] in ("up", "preview", "refresh", "destroy", "stack"):
            fail(flag("STDERR"))
        if args[:1] == ["version"]:
            print(flag("VERSION") or "v3.150.0"); sys.exit(0)
        marker = os.path.join(here, "stack-exists")
        if args[:2] == ["stack", "select"]:
            if flag("NO_STACK") and not os.path.exists(marker):
                fail("error: no stack named 'dev' found")
            sys.exit(0)
        if args[:2] == ["stack", "init"]:
            if os.path.exists(marker) or flag("STACK_EXISTS"):
                fail("error: stack 'dev' already exists")
            open(marker, "w").close(); sys.exit(0)
        if args[:2] == ["stack", "output"] and flag("OUTPUTS"):
            outputs = json.load(open(flag("OUTPUTS")))
            if "--show-secrets" not in args:
                outputs = {k: ("[secret]" if k in (flag("SECRET_KEYS") or "").split(",") else v) for k, v in outputs.items()}
            print(json.dumps(outputs)); sys.exit(0)
        if args[:2] == ["stack", "output"]:
            secret = "--show-secrets" in args
            print(json.dumps({"url": "https://pypi.example.com", "password": "s3cr3t-Passw0rd" if secret else "[secret]", "capacityInfo": {"tasks_per_instance": 3}}))
            sys.exit(0)
        if args[:2] == ["stack", "history"]:
            print(json.dumps([{"version": 3, "kind": "update", "startTime": "2026-11-21T23:00:00Z", "message": "", "environment": {}, "config": {},
                               "result": "succeeded", "endTime": "2026-11-21T23:01:00Z", "resourceChanges": {"create": 83}}]))
            sys.exit(0)
        if args[:1] == ["config"] and "--json" in args:
            print(json.dumps({"pypikit:region": {"value": "us-east-1", "secret": False}, "pypikit:alarmWebhookUrl": {"value": "https://hook/x", "secret": True}}))
            sys.exit(0)
        if args and args[0] in ("preview", "up", "refresh", "destroy"):
            print("Updating (dev):")
            sys.stdout.flush()
            log = args[args.index("--event-log") + 1] if "--event-log" in args else None
            events = []
            if flag("EVENTS"):
                with open(flag("EVENTS")) as f:
                    events = [l for l in f.read().split("\n") if l.strip()]
            out = open(log, "w") if log else None
            def on_int(signum, frame):
                record("SIGINT")
                if out:
                    out.write(json.dumps({"sequence": 99, "timestamp": int(time.time()), "cancelEvent": {}}) + "\n"); out.flush()
                fail("error: update canceled")
            signal.signal(signal.SIGINT, on_int)
            for line in events:
                if out:
                    out.write(line + "\n"); out.flush()
                time.sleep(0.02)
            if flag("HANG"):
                for _ in range(3000):
                    time.sleep(0.01)
                fail("error: fake pulumi was never interrupted")
            print("Resources: 83 created")
            sys.exit(0)
        sys.exit(0)
        """;

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

    public FakePulumi()
    {
        Directory = Path.Combine(Path.GetTempPath(), "pypikit-fake-pulumi-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        WorkDir = Path.Combine(Directory, "work");
        System.IO.Directory.CreateDirectory(WorkDir);
        Executable = Path.Combine(Directory, "pulumi");
        // a direct interpreter path starts faster than a version-manager shim (and leaves PATH as the driver set it)
        var shebang = File.Exists("/usr/bin/python3") ? "#!/usr/bin/python3" : "#!/usr/bin/env python3";
        File.WriteAllText(Executable, Script.Replace("\r\n", "\n").Replace("#!/usr/bin/env python3", shebang) + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        EventsFile = Path.Combine(Directory, "events.jsonl");
        File.WriteAllLines(EventsFile, Events);
    }

    public string Directory { get; }
    public string WorkDir { get; }
    public string Executable { get; }
    public string EventsFile { get; }

    /// <summary>Every recorded call: argv, PULUMI_* env, cwd, first PATH entry, extra marker (e.g. "SIGINT").</summary>
    public IReadOnlyList<(string[] Argv, Dictionary<string, string> Env, string Cwd, string Path0, string? Extra)> Calls
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
                    r.GetProperty("extra").ValueKind == JsonValueKind.String ? r.GetProperty("extra").GetString() : (string?)null);
            })];
        }
    }

    /// <summary>Argv lines with the random event-log path replaced by <c>&lt;event-log&gt;</c>.</summary>
    public IReadOnlyList<string> ArgvLines => [.. Calls.Where(c => c.Extra is null).Select(c => Line(c.Argv))];

    private static string Line(string[] argv)
    {
        var parts = new List<string>();
        for (var i = 0; i < argv.Length; i++) parts.Add(i > 0 && argv[i - 1] == "--event-log" ? "<event-log>" : argv[i]);
        return string.Join(" ", parts);
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
