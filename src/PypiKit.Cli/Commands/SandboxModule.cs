using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using PypiKit.Json;
using PypiKit.Packages;
using PypiKit.Sandbox;
using PypiKit.Sandbox.Balancer;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary>What <c>sandbox up</c> records so that <c>down</c>/<c>status</c>/<c>seed</c> can find the cluster.</summary>
public sealed record SandboxState(int Pid, string Url, string PackagesDirectory, string? PasswordFile, string? User,
    IReadOnlyList<SandboxStateInstance> Instances, DateTimeOffset Started);

public sealed record SandboxStateInstance(string Name, string Url, int? Pid);

/// <summary><c>pypikit sandbox up|down|status|seed</c> (and the hidden <c>serve</c> that runs one instance process).</summary>
public sealed class SandboxModule : ICliModule
{
    public int Order => 20;
    internal const string PasswordEnv = "PYPIKIT_SANDBOX_PASSWORD";

    public Command Build()
    {
        var cmd = new Command("sandbox",
            "Run a local pypiserver-compatible cluster: N server processes (like ECS tasks) sharing one package directory behind an\n" +
            "ALB-like balancer on 127.0.0.1. Real pip and twine work against it.\n" +
            "Example: pypikit sandbox up --instances 4 --workers 4 --backend simple-dir --dir ./packages --port 8080");
        cmd.Subcommands.Add(BuildUp());
        cmd.Subcommands.Add(BuildDown());
        cmd.Subcommands.Add(BuildStatus());
        cmd.Subcommands.Add(BuildSeed());
        cmd.Subcommands.Add(BuildServe());
        return cmd;
    }

    internal static string DefaultStateDirectory() =>
        Environment.GetEnvironmentVariable("PYPIKIT_SANDBOX_STATE") is { Length: > 0 } s ? s
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "pypikit", "sandbox");

    private static Option<string> StateDirOption() => new("--state-dir")
    {
        Description = "Directory of the state file, htpasswd and logs (default ~/.local/share/pypikit/sandbox, or $PYPIKIT_SANDBOX_STATE).",
        DefaultValueFactory = _ => DefaultStateDirectory(),
    };

    // ------------------------------------------------------------------ up

    private static Command BuildUp()
    {
        var instances = new Option<int>("--instances", "-n") { Description = "Server processes (ECS tasks), 1…64.", DefaultValueFactory = _ => 2 };
        var workers = new Option<int>("--workers", "-w") { Description = "Concurrent requests per instance (gunicorn workers); more queue. 0 = unlimited.", DefaultValueFactory = _ => 4 };
        var backend = new Option<string>("--backend") { Description = "simple-dir (list the directory on every request) or cached-dir (per-process index).", DefaultValueFactory = _ => "simple-dir" };
        var storage = new Option<string>("--shared-storage") { Description = "local (file watcher on) or nfs (watcher off, like EFS: cached-dir goes stale).", DefaultValueFactory = _ => "local" };
        var dir = new Option<string>("--dir", "-d") { Description = "Shared package directory (created if missing).", DefaultValueFactory = _ => "./packages" };
        var port = new Option<int>("--port", "-p") { Description = "Balancer TCP port on 127.0.0.1 (0 = any free port).", DefaultValueFactory = _ => 8080 };
        var user = new Option<string?>("--user", "-u") { Description = "User to create in the htpasswd file (default pypikit)." };
        var password = new Option<string?>("--password") { Description = "Password for --user (default: generated and printed once). Also $PYPIKIT_SANDBOX_PASSWORD." };
        var passwordFile = new Option<string?>("--password-file", "-P") { Description = "Use this existing htpasswd file (bcrypt, apr1, SHA) instead of generating credentials." };
        var auth = new Option<string>("--authenticate", "-a") { Description = "Protected actions, comma-separated: update, download, list; '.' for none (pypiserver -a).", DefaultValueFactory = _ => "update,download,list" };
        var algorithm = new Option<string>("--algorithm") { Description = "round-robin or least-outstanding-requests.", DefaultValueFactory = _ => "round-robin" };
        var sticky = new Option<bool>("--sticky") { Description = "lb_cookie stickiness (cookie AWSALB pins a client to one instance)." };
        var hcInterval = new Option<double>("--health-interval") { Description = "Health-check interval, seconds.", DefaultValueFactory = _ => 10 };
        var hcTimeout = new Option<double>("--health-timeout") { Description = "Health-check timeout, seconds.", DefaultValueFactory = _ => 5 };
        var scanMs = new Option<double>("--scan-latency-ms") { Description = "Emulated storage latency per directory listed, milliseconds (EFS metadata cost).", DefaultValueFactory = _ => 0 };
        var statMs = new Option<double>("--stat-latency-ms") { Description = "Emulated storage latency per file stat'ed when listing, milliseconds.", DefaultValueFactory = _ => 0 };
        var maxUpload = new Option<int>("--max-upload-mb") { Description = "Largest accepted upload, MiB.", DefaultValueFactory = _ => 100 };
        var overwrite = new Option<bool>("--overwrite") { Description = "Allow re-uploading an existing file (pypiserver -o)." };
        var inProcess = new Option<bool>("--in-process") { Description = "Run the instances as threads of this process instead of separate processes." };
        var detach = new Option<bool>("--detach") { Description = "Start in the background and return; stop it with 'pypikit sandbox down'." };
        var stateDir = StateDirOption();
        var cmd = new Command("up",
            "Start a sandbox cluster and keep it running until Ctrl+C (or 'pypikit sandbox down' from another shell).\n" +
            "Credentials are generated (printed once, stored hashed in <state-dir>/htpasswd) unless given.\n" +
            "Example: pypikit sandbox up --instances 4 --workers 4 --backend simple-dir --dir ./packages --port 8080");
        foreach (var o in new Option[] { instances, workers, backend, storage, dir, port, user, password, passwordFile, auth, algorithm, sticky, hcInterval, hcTimeout, scanMs, statMs, maxUpload, overwrite, inProcess, detach, stateDir })
            cmd.Options.Add(o);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var state = Path.GetFullPath(r.GetValue(stateDir)!);
            if (r.GetValue(detach)) return await DetachAsync(r.Tokens.Select(t => t.Value).Where(a => a != "--detach").ToList(), state, r.GetValue(password), ct);
            var authActions = ParseAuth(r.GetValue(auth)!);
            var pwFromEnv = r.GetValue(password) is null && Environment.GetEnvironmentVariable(PasswordEnv) is not null;
            var pw = r.GetValue(password) ?? Environment.GetEnvironmentVariable(PasswordEnv);
            var generated = pw is null && r.GetValue(passwordFile) is null && authActions != AuthActions.None;
            PypiCredentials? creds = r.GetValue(passwordFile) is not null ? null
                : authActions == AuthActions.None ? null
                : new PypiCredentials(r.GetValue(user) ?? "pypikit", pw ?? SandboxCluster.GeneratePassword());
            var options = new SandboxClusterOptions
            {
                Instances = r.GetValue(instances),
                Workers = r.GetValue(workers),
                Backend = r.GetValue(backend) switch
                {
                    "simple-dir" => SandboxBackend.SimpleDir,
                    "cached-dir" => SandboxBackend.CachedDir,
                    var b => throw new InvalidInputException("--backend", $"--backend: '{b}' is not simple-dir or cached-dir."),
                },
                SharedStorage = r.GetValue(storage) switch
                {
                    "local" => SharedStorage.Local,
                    "nfs" or "efs" => SharedStorage.Nfs,
                    var s => throw new InvalidInputException("--shared-storage", $"--shared-storage: '{s}' is not local or nfs."),
                },
                PackagesDirectory = Path.GetFullPath(r.GetValue(dir)!),
                Authenticate = authActions,
                Credentials = creds,
                PasswordFile = r.GetValue(passwordFile) is { } pf ? Path.GetFullPath(pf) : null,
                Overwrite = r.GetValue(overwrite),
                ScanLatencyMs = r.GetValue(scanMs),
                StatLatencyMs = r.GetValue(statMs),
                MaxUploadBytes = (long)r.GetValue(maxUpload) * 1024 * 1024,
                StateDirectory = state,
                Hosting = r.GetValue(inProcess) ? InstanceHosting.InProcess : InstanceHosting.ChildProcess,
                ChildCommand = SelfCommand("sandbox", "serve"),
                Balancer = new BalancerOptions
                {
                    Port = r.GetValue(port),
                    Algorithm = r.GetValue(algorithm) switch
                    {
                        "round-robin" or "round_robin" => BalancingAlgorithm.RoundRobin,
                        "least-outstanding-requests" or "least_outstanding_requests" => BalancingAlgorithm.LeastOutstandingRequests,
                        var a => throw new InvalidInputException("--algorithm", $"--algorithm: '{a}' is not round-robin or least-outstanding-requests."),
                    },
                    Stickiness = r.GetValue(sticky),
                    HealthCheck = new HealthCheckOptions
                    {
                        Interval = Seconds("--health-interval", r.GetValue(hcInterval)),
                        Timeout = Seconds("--health-timeout", r.GetValue(hcTimeout)),
                    },
                },
            };
            var stateFile = Path.Combine(state, "state.json");
            if (ReadState(state) is { } existing && IsAlive(existing.Pid))
                throw new InvalidInputException("--state-dir", $"--state-dir: a sandbox started by pid {existing.Pid} is still running at {existing.Url} (stop it with 'pypikit sandbox down').");
            Directory.CreateDirectory(state);

            await using var cluster = await SandboxCluster.StartAsync(options, ct);
            var st = new SandboxState(Environment.ProcessId, cluster.Url, cluster.PackagesDirectory, cluster.PasswordFile, cluster.Credentials?.User,
                cluster.Instances.Select(i => new SandboxStateInstance(i.Name, i.Url, i.ProcessId)).ToList(), DateTimeOffset.UtcNow);
            var tmp = stateFile + ".tmp";
            await File.WriteAllTextAsync(tmp, PypiKitJson.Serialize(st), CancellationToken.None);
            File.Move(tmp, stateFile, overwrite: true);
            try
            {
                PrintUp(cluster, generated, pwFromEnv);
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
                using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
                try { await Task.Delay(Timeout.Infinite, stop.Token); } catch (OperationCanceledException) { }
                Console.Error.WriteLine("stopping the sandbox…");
            }
            finally
            {
                try { File.Delete(stateFile); } catch (IOException) { }
            }
            return 0;
        });
        return cmd;
    }

    private static TimeSpan Seconds(string name, double s) =>
        s is > 0 and <= 3600 ? TimeSpan.FromSeconds(s) : throw new InvalidInputException(name, $"{name}: {s} s is outside (0, 3600].");

    internal static AuthActions ParseAuth(string text)
    {
        if (text.Trim() == ".") return AuthActions.None;
        var a = AuthActions.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            a |= part.ToLowerInvariant() switch
            {
                "update" => AuthActions.Update,
                "download" => AuthActions.Download,
                "list" => AuthActions.List,
                _ => throw new InvalidInputException("--authenticate", $"--authenticate: '{part}' is not update, download, list or '.'."),
            };
        return a;
    }

    /// <summary>The command line that re-runs this CLI (dotnet + dll, or the apphost) with <paramref name="args"/>.</summary>
    internal static IReadOnlyList<string> SelfCommand(params string[] args)
    {
        var exe = Environment.ProcessPath ?? "dotnet";
        var dll = typeof(SandboxModule).Assembly.Location;
        var isDotnetHost = Path.GetFileNameWithoutExtension(exe).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        return isDotnetHost ? [exe, dll, .. args] : [exe, .. args];
    }

    private static void PrintUp(SandboxCluster cluster, bool generatedPassword, bool passwordFromEnvironment)
    {
        var console = AnsiConsole.Console;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("instance").AddColumn("url").AddColumn("pid");
        foreach (var i in cluster.Instances) table.AddRow(i.Name, i.Url, i.ProcessId?.ToString() ?? "in-process");
        console.MarkupLine($"[bold]PypiKit sandbox[/] up: {cluster.Instances.Count} instance(s) behind [bold]{Markup.Escape(cluster.Url)}[/] " +
                           $"({Markup.Escape(cluster.Options.Backend.ToString())}, {cluster.Options.Workers} workers each, {Markup.Escape(cluster.Options.Balancer.Algorithm.ToString())}{(cluster.Options.Balancer.Stickiness ? ", sticky" : "")})");
        console.Write(table);
        Console.WriteLine($"packages:  {(cluster.PackagesDirectory)}");
        if (cluster.Credentials is { } c)
        {
            Console.WriteLine($"user:      {(c.User)}");
            var shown = passwordFromEnvironment ? "$" + PasswordEnv : c.Password; // never echo a password the caller passed in the environment
            Console.WriteLine($"password:  {(passwordFromEnvironment ? "(from $" + PasswordEnv + ")" : c.Password)}{(generatedPassword ? "   (generated; shown only now, stored hashed in " + (cluster.PasswordFile ?? "") + ")" : "")}");
            Console.WriteLine($"pip:       python3 -m pip install --index-url {(passwordFromEnvironment ? cluster.IndexUrl.Replace("://", "://" + c.User + ":" + shown + "@") : cluster.AuthenticatedIndexUrl)} PACKAGE");
            Console.WriteLine($"twine:     twine upload --repository-url {cluster.Url} -u {c.User} -p '{shown}' dist/*");
        }
        else
        {
            Console.WriteLine($"pip:       python3 -m pip install --index-url {(cluster.IndexUrl)} PACKAGE");
            Console.WriteLine($"twine:     twine upload --repository-url {(cluster.Url)} dist/*");
        }
        Console.WriteLine($"stats:     {(cluster.Url)}_sandbox/stats");
        console.MarkupLine("Ctrl+C or 'pypikit sandbox down' stops it.");
    }

    private static async Task<int> DetachAsync(List<string> args, string stateDir, string? password, CancellationToken ct)
    {
        Directory.CreateDirectory(stateDir);
        var stateFile = Path.Combine(stateDir, "state.json");
        if (ReadState(stateDir) is { } existing && IsAlive(existing.Pid))
            throw new InvalidInputException("--state-dir", $"--state-dir: a sandbox started by pid {existing.Pid} is still running at {existing.Url}.");
        if (File.Exists(stateFile)) File.Delete(stateFile);
        password ??= Environment.GetEnvironmentVariable(PasswordEnv);
        bool generated = password is null;
        password ??= SandboxCluster.GeneratePassword();
        var log = Path.Combine(stateDir, "up.log");
        var self = SelfCommand(["sandbox", "up", .. args.SkipWhile(a => a is "sandbox" or "up")]);
        // a new session (setsid), output straight into the log file, stdin from /dev/null: it outlives this process and the terminal
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add((File.Exists("/usr/bin/setsid") ? "exec /usr/bin/setsid \"$@\"" : "exec \"$@\"") + " >\"$PYPIKIT_SANDBOX_LOG\" 2>&1 </dev/null");
        psi.ArgumentList.Add("pypikit");
        foreach (var a in self) psi.ArgumentList.Add(a);
        if (!args.Contains("--state-dir")) { psi.ArgumentList.Add("--state-dir"); psi.ArgumentList.Add(stateDir); }
        psi.Environment[PasswordEnv] = password;
        psi.Environment["PYPIKIT_SANDBOX_LOG"] = log;
        psi.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start the background sandbox");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        SandboxState? st = null;
        while (DateTime.UtcNow < deadline && (st = ReadState(stateDir)) is null && !p.HasExited) await Task.Delay(200, ct);
        if (st is null)
        {
            await Task.Delay(500, ct);
            if (File.Exists(log)) Console.Error.WriteLine(await File.ReadAllTextAsync(log, ct));
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the background sandbox did not start (log: {log}).");
        }
        AnsiConsole.MarkupLine($"[bold]PypiKit sandbox[/] running in the background (pid {st.Pid}) at [bold]{Markup.Escape(st.Url)}[/]");
        Console.WriteLine($"packages:  {(st.PackagesDirectory)}");
        if (st.User is not null)
        {
            Console.WriteLine($"user:      {(st.User)}");
            Console.WriteLine($"password:  {(password)}{(generated ? "   (generated; shown only now)" : "")}");
            Console.WriteLine($"pip:       python3 -m pip install --index-url {(new PypiCredentials(st.User, password).Embed(st.Url + "simple/"))} PACKAGE");
        }
        Console.WriteLine($"log:       {(log)}");
        AnsiConsole.MarkupLine("stop it with: pypikit sandbox down");
        return 0;
    }

    // ------------------------------------------------------------------ down / status

    internal static SandboxState? ReadState(string stateDir)
    {
        var f = Path.Combine(stateDir, "state.json");
        if (!File.Exists(f)) return null;
        try { return PypiKitJson.Deserialize<SandboxState>(File.ReadAllText(f)); }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException) { return null; }
    }

    internal static bool IsAlive(int pid)
    {
        try { using var p = Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int sig);

    private static Command BuildDown()
    {
        var stateDir = StateDirOption();
        var cmd = new Command("down", "Stop the sandbox that 'pypikit sandbox up' started (balancer and every instance process), using its state file.\n" +
                                      "Example: pypikit sandbox down");
        cmd.Options.Add(stateDir);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var dir = Path.GetFullPath(r.GetValue(stateDir)!);
            var st = ReadState(dir);
            if (st is null) { Console.WriteLine("no sandbox is running (no state file in " + dir + ")."); return 0; }
            int stopped = 0;
            if (IsAlive(st.Pid))
            {
                if (OperatingSystem.IsWindows()) { using var p = Process.GetProcessById(st.Pid); p.Kill(true); }
                else SysKill(st.Pid, 15); // SIGTERM: 'up' stops its instances and removes the state file
                for (int i = 0; i < 100 && IsAlive(st.Pid); i++) await Task.Delay(100, ct);
                if (IsAlive(st.Pid)) { using var p = Process.GetProcessById(st.Pid); p.Kill(true); }
                stopped++;
            }
            foreach (var inst in st.Instances)
            {
                if (inst.Pid is not int pid || !IsAlive(pid) || !IsOurInstance(pid)) continue;
                using var p = Process.GetProcessById(pid);
                p.Kill(true);
                stopped++;
            }
            try { File.Delete(Path.Combine(dir, "state.json")); } catch (IOException) { }
            Console.WriteLine($"sandbox at {st.Url} stopped ({stopped} process(es) signalled).");
            return 0;
        });
        return cmd;
    }

    private static bool IsOurInstance(int pid)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return cmdline.Contains("sandbox serve", StringComparison.Ordinal);
        }
        catch (IOException) { return !OperatingSystem.IsLinux(); }
        catch (UnauthorizedAccessException) { return false; }
    }

    private static Command BuildStatus()
    {
        var stateDir = StateDirOption();
        var json = new Option<bool>("--json") { Description = "Print the balancer's /_sandbox/stats JSON instead of a table." };
        var cmd = new Command("status", "Show the running sandbox: per-instance health state, requests, responses by class, failures.\nExample: pypikit sandbox status");
        cmd.Options.Add(stateDir);
        cmd.Options.Add(json);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var st = ReadState(Path.GetFullPath(r.GetValue(stateDir)!));
            if (st is null || !IsAlive(st.Pid)) { Console.WriteLine("no sandbox is running."); return 1; }
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var body = await http.GetStringAsync(st.Url + "_sandbox/stats", ct);
            if (r.GetValue(json)) { Console.WriteLine(body); return 0; }
            var stats = PypiKitJson.Deserialize<BalancerStats>(body);
            AnsiConsole.MarkupLine($"sandbox at [bold]{Markup.Escape(st.Url)}[/] (pid {st.Pid}, since {st.Started:u}), {Markup.Escape(stats.Algorithm.ToString())}{(stats.Stickiness ? ", sticky" : "")}; requests {stats.Requests}, balancer failures {stats.Failures}");
            var t = new Table().AddColumns("target", "state", "requests", "in flight", "2xx", "3xx", "4xx", "5xx", "failures", "hc ok/failed");
            foreach (var x in stats.Targets)
                t.AddRow(x.Name, x.State.ToString(), x.Requests.ToString(), x.Outstanding.ToString(), x.Responses2xx.ToString(), x.Responses3xx.ToString(),
                    x.Responses4xx.ToString(), x.Responses5xx.ToString(), x.Failures.ToString(), $"{x.HealthChecksPassed}/{x.HealthChecksFailed}");
            AnsiConsole.Write(t);
            return 0;
        });
        return cmd;
    }

    // ------------------------------------------------------------------ seed / serve

    private static Command BuildSeed()
    {
        var stateDir = StateDirOption();
        var url = new Option<string?>("--url") { Description = "Upload URL (default: the running sandbox's balancer)." };
        var user = new Option<string?>("--user", "-u") { Description = "User (default: the sandbox's user)." };
        var password = new Option<string?>("--password") { Description = "Password (or $PYPIKIT_SANDBOX_PASSWORD)." };
        var corpusOpts = CorpusModule.CorpusOptionSet.Create();
        var parallel = new Option<int>("--parallel") { Description = "Uploads at once.", DefaultValueFactory = _ => 4 };
        var cmd = new Command("seed", "Generate the synthetic corpus (default 100 projects × 1.0.0, 1.1.0, 2.0.0) and upload it with the legacy upload API.\n" +
                                      "Example: pypikit sandbox seed --password \"$PW\" --projects 100");
        foreach (var o in new Option[] { stateDir, url, user, password, parallel }.Concat(corpusOpts.All)) cmd.Options.Add(o);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var st = ReadState(Path.GetFullPath(r.GetValue(stateDir)!));
            var target = r.GetValue(url) ?? st?.Url ?? throw new InvalidInputException("--url", "--url: no running sandbox found; give --url.");
            var u = r.GetValue(user) ?? st?.User;
            var pwFromEnv = r.GetValue(password) is null && Environment.GetEnvironmentVariable(PasswordEnv) is not null;
            var pw = r.GetValue(password) ?? Environment.GetEnvironmentVariable(PasswordEnv);
            PypiCredentials? creds = u is not null && pw is not null ? new PypiCredentials(u, pw) : null;
            if (u is not null && pw is null) throw new InvalidInputException("--password", "--password: required (the generated password was printed by 'sandbox up').");
            var options = corpusOpts.Read(r);
            var dir = corpusOpts.OutDirectory(r) ?? Path.Combine(Path.GetTempPath(), "pypikit-corpus-" + Guid.NewGuid().ToString("N")[..8]);
            var corpus = await CorpusModule.GenerateWithProgressAsync(options, dir, ct);
            using var client = new UploadClient(target, creds);
            IReadOnlyList<UploadResult> results = [];
            await AnsiConsole.Progress().StartAsync(async ctx =>
            {
                var task = ctx.AddTask("uploading", maxValue: corpus.Files.Count);
                var progress = new Progress<CorpusProgress>(p => task.Value = p.Done);
                results = await Corpus.UploadAsync(corpus, client, r.GetValue(parallel), progress, ct);
                task.Value = corpus.Files.Count;
            });
            var ok = results.Count(x => x.Success);
            var dup = results.Count(x => x.AlreadyExists);
            var bad = results.Where(x => !x.Success && !x.AlreadyExists).ToList();
            Console.WriteLine($"uploaded {ok}, already present {dup}, failed {bad.Count} (of {results.Count}) to {target}");
            foreach (var b in bad.Take(5)) Console.Error.WriteLine($"  {b.FileName}: {b.StatusCode} {b.Body}");
            return bad.Count == 0 ? 0 : 1;
        });
        return cmd;
    }

    private static Command BuildServe()
    {
        var options = new Option<string>("--options") { Description = "JSON file of one instance's SandboxServerOptions.", Required = true };
        var cmd = new Command("serve", "Run one sandbox instance (used by 'sandbox up'; not for direct use).") { Hidden = true };
        cmd.Options.Add(options);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) => await SandboxInstanceProcess.RunAsync(r.GetValue(options)!, Console.Out, ct));
        return cmd;
    }
}
