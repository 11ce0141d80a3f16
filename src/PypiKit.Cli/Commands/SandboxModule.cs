using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using PypiKit.Json;
using PypiKit.Packages;
using PypiKit.Sandbox;
using PypiKit.Sandbox.Balancer;
using PypiKit.Sandbox.Daemon;
using PypiKit.Sandbox.Server;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary><c>pypikit sandbox up|down|status|seed</c> (and the hidden <c>serve</c> that runs one instance process).</summary>
public sealed class SandboxModule : ICliModule
{
    internal const string PasswordEnv = SandboxDaemon.PasswordEnvironmentVariable;

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

    private static Option<string> StateDirOption() => new("--state-dir")
    {
        Description = "Directory of the state file, htpasswd and logs (default ~/.local/share/pypikit/sandbox, or $PYPIKIT_SANDBOX_STATE).",
        DefaultValueFactory = _ => SandboxStateDirectory.DefaultPath(),
    };

    // ------------------------------------------------------------------ up

    private static Command BuildUp()
    {
        var instances = new Option<int>("--instances", "-n") { Description = "Server processes (ECS tasks), 1…64.", DefaultValueFactory = _ => 2 };
        var workers = new Option<int>("--workers", "-w") { Description = "Concurrent requests per instance (gunicorn workers); more queue. 0 = unlimited.", DefaultValueFactory = _ => 4 };
        var backend = ValueChoices.Restrict(new Option<string>("--backend") { Description = "simple-dir (list the directory on every request) or cached-dir (per-process index).", DefaultValueFactory = _ => "simple-dir" }, "simple-dir", "cached-dir");
        var storage = ValueChoices.Restrict(new Option<string>("--shared-storage") { Description = "local (file watcher on) or nfs (watcher off, like EFS: cached-dir goes stale).", DefaultValueFactory = _ => "local" }, "local", "nfs");
        var dir = new Option<string>("--dir", "-d") { Description = "Shared package directory (created if missing).", DefaultValueFactory = _ => "./packages" };
        var port = new Option<int>("--port") { Description = "Balancer TCP port on 127.0.0.1 (0 = any free port).", DefaultValueFactory = _ => 8080 };
        var user = new Option<string?>("--user", "-u") { Description = "User to create in the htpasswd file (default pypikit)." };
        var password = new Option<string?>("--password") { Description = "Password for --user (default: generated and printed once). Also $PYPIKIT_SANDBOX_PASSWORD." };
        var passwordFile = new Option<string?>("--password-file", "-P") { Description = "Use this existing htpasswd file (bcrypt, apr1, SHA) instead of generating credentials." };
        var auth = new Option<string>("--authenticate", "-a") { Description = "Protected actions, comma-separated: update, download, list; '.' for none (pypiserver -a).", DefaultValueFactory = _ => "update,download,list" };
        var algorithm = ValueChoices.Restrict(new Option<string>("--algorithm") { Description = "round-robin or least-outstanding-requests.", DefaultValueFactory = _ => "round-robin" }, "round-robin", "least-outstanding-requests");
        var sticky = new Option<bool>("--sticky") { Description = "lb_cookie stickiness (cookie AWSALB pins a client to one instance)." };
        var hcInterval = new Option<double>("--health-interval") { Description = "Health-check interval, seconds.", DefaultValueFactory = _ => 10 };
        var hcTimeout = new Option<double>("--health-timeout") { Description = "Health-check timeout, seconds.", DefaultValueFactory = _ => 5 };
        var scanMs = new Option<double>("--scan-latency-ms") { Description = "Emulated storage latency per directory listed, milliseconds (EFS metadata cost).", DefaultValueFactory = _ => 0 };
        var statMs = new Option<double>("--stat-latency-ms") { Description = "Emulated storage latency per file stat'ed when listing, milliseconds.", DefaultValueFactory = _ => 0 };
        var maxUpload = new Option<int>("--max-upload-mb") { Description = "Largest accepted upload, MiB.", DefaultValueFactory = _ => 100 };
        var noListingCache = new Option<bool>("--no-listing-cache") { Description = "simple-dir: list the directory on every request (default: reuse the listing while the directory's mtime is unchanged)." };
        var fidelity = ValueChoices.Restrict(new Option<string>("--fidelity") { Description = "fast (cached bcrypt and listings) or pypiserver (bcrypt and a directory listing on every request, one request per worker).", DefaultValueFactory = _ => "fast" }, "fast", "pypiserver");
        var overwrite = new Option<bool>("--overwrite") { Description = "Allow re-uploading an existing file (pypiserver -o)." };
        var inProcess = new Option<bool>("--in-process") { Description = "Run the instances as threads of this process instead of separate processes." };
        var detach = new Option<bool>("--detach") { Description = "Start in the background and return; stop it with 'pypikit sandbox down'." };
        var stateDir = StateDirOption();
        var cmd = new Command("up",
            "Start a sandbox cluster and keep it running until Ctrl+C (or 'pypikit sandbox down' from another shell).\n" +
            "Credentials are generated (printed once, stored hashed in <state-dir>/htpasswd) unless given.\n" +
            "Example: pypikit sandbox up --instances 4 --workers 4 --backend simple-dir --dir ./packages --port 8080");
        foreach (var o in new Option[] { instances, workers, backend, storage, dir, port, user, password, passwordFile, auth, algorithm, sticky, hcInterval, hcTimeout, scanMs, statMs, maxUpload, noListingCache, fidelity, overwrite, inProcess, detach, stateDir })
            cmd.Options.Add(o);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var state = new SandboxStateDirectory(r.GetValue(stateDir)!);
            var authActions = ParseAuth(r.GetValue(auth)!);
            var pwFromEnv = r.GetValue(password) is null && Environment.GetEnvironmentVariable(PasswordEnv) is not null;
            var pw = r.GetValue(password) ?? Environment.GetEnvironmentVariable(PasswordEnv);
            Environment.SetEnvironmentVariable(PasswordEnv, null); // instance processes do not inherit it
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
                ListingCache = !r.GetValue(noListingCache),
                Fidelity = r.GetValue(fidelity) switch
                {
                    "fast" => SandboxFidelity.Fast,
                    "pypiserver" => SandboxFidelity.Pypiserver,
                    var f => throw new InvalidInputException("--fidelity", $"--fidelity: '{f}' is not fast or pypiserver."),
                },
                ScanLatencyMs = r.GetValue(scanMs),
                StatLatencyMs = r.GetValue(statMs),
                MaxUploadBytes = (long)r.GetValue(maxUpload) * 1024 * 1024,
                StateDirectory = state.Path,
                Hosting = r.GetValue(inProcess) ? InstanceHosting.InProcess : InstanceHosting.ChildProcess,
                ChildCommand = SelfInvocation.Command("sandbox", "serve"),
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
            options.Validate(); // bad input is refused here, before anything starts in the background
            if (r.GetValue(detach)) return await DetachAsync(r.Tokens.Select(t => t.Value).Where(a => a != "--detach").ToList(), state, pw, ct);
            EnsureNotRunning(state);
            state.Prepare();

            await using var cluster = await SandboxCluster.StartAsync(options, ct);
            var self = Identity(Environment.ProcessId);
            state.Write(new SandboxState(self.Pid, self.StartTime, self.Command, cluster.Url, cluster.PackagesDirectory, cluster.PasswordFile, cluster.Credentials?.User,
                cluster.Instances.Select(i => i.ProcessId is int pid && Identity(pid) is var id
                    ? new SandboxStateInstance(i.Name, i.Url, pid, id.StartTime, id.Command)
                    : new SandboxStateInstance(i.Name, i.Url, null, 0, "")).ToList(), DateTimeOffset.UtcNow));
            try
            {
                PrintUp(cluster, generated, pwFromEnv);
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
                using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
                try { await Task.Delay(Timeout.Infinite, stop.Token); } catch (OperationCanceledException) { }
                CliConsole.Error.WriteLine("stopping the sandbox…");
            }
            finally
            {
                state.DeleteState();
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>The identity recorded for a process (pid only where /proc is missing: such a record never matches again).</summary>
    private static ProcessIdentity Identity(int pid) => ProcessIdentity.Of(pid) ?? new ProcessIdentity(pid, 0, "");

    /// <summary>Refuses to start over a running sandbox; a stale state file is removed with a message.</summary>
    private static void EnsureNotRunning(SandboxStateDirectory state)
    {
        var (status, existing) = state.Inspect();
        if (status == SandboxStatus.Running)
            throw new InvalidInputException("--state-dir", $"--state-dir: a sandbox started by pid {existing!.Pid} is still running at {existing.Url} (stop it with 'pypikit sandbox down').");
        if (status == SandboxStatus.Stale)
        {
            CliConsole.Error.WriteLine($"removed a stale state file: {StaleText(existing)}");
            state.DeleteState();
        }
    }

    private static string StaleText(SandboxState? st) => st is null
        ? "it could not be read"
        : $"the sandbox recorded at {st.Url} (pid {st.Pid}) no longer runs";

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

    private static void PrintUp(SandboxCluster cluster, bool generatedPassword, bool passwordFromEnvironment)
    {
        var console = CliConsole.Out;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("instance").AddColumn("url").AddColumn("pid").NoWrapExcept();
        foreach (var i in cluster.Instances) table.AddRow(i.Name, i.Url, i.ProcessId?.ToString() ?? "in-process");
        console.MarkupLine($"[bold]PypiKit sandbox[/] up: {cluster.Instances.Count} instance(s) behind [bold]{Markup.Escape(cluster.Url)}[/] " +
                           $"({ValueChoices.Kebab(cluster.Options.Backend.ToString())}, {cluster.Options.Workers} workers each, {ValueChoices.Kebab(cluster.Options.Balancer.Algorithm.ToString())}{(cluster.Options.Balancer.Stickiness ? ", sticky" : "")})");
        console.Write(table);
        CliConsole.Text.WriteLine($"packages:  {(cluster.PackagesDirectory)}");
        if (cluster.Credentials is { } c)
        {
            CliConsole.Text.WriteLine($"user:      {(c.User)}");
            var shown = passwordFromEnvironment ? "$" + PasswordEnv : c.Password; // never echo a password the caller passed in the environment
            CliConsole.Text.WriteLine($"password:  {(passwordFromEnvironment ? "(from $" + PasswordEnv + ")" : c.Password)}{(generatedPassword ? "   (generated; shown only now, stored hashed in " + (cluster.PasswordFile ?? "") + ")" : "")}");
            CliConsole.Text.WriteLine($"pip:       python3 -m pip install --index-url {(passwordFromEnvironment ? cluster.IndexUrl.Replace("://", "://" + c.User + ":" + shown + "@") : cluster.AuthenticatedIndexUrl)} PACKAGE");
            CliConsole.Text.WriteLine($"twine:     twine upload --repository-url {cluster.Url} -u {c.User} -p '{shown}' dist/*");
        }
        else
        {
            CliConsole.Text.WriteLine($"pip:       python3 -m pip install --index-url {(cluster.IndexUrl)} PACKAGE");
            CliConsole.Text.WriteLine($"twine:     twine upload --repository-url {(cluster.Url)} dist/*");
        }
        CliConsole.Text.WriteLine($"stats:     {(cluster.Url)}_sandbox/stats");
        console.MarkupLine("Ctrl+C or 'pypikit sandbox down' stops it.");
    }

    private static async Task<int> DetachAsync(List<string> args, SandboxStateDirectory state, string? password, CancellationToken ct)
    {
        EnsureNotRunning(state);
        state.Prepare();
        state.DeleteState();
        bool generated = password is null;
        password ??= SandboxCluster.GeneratePassword();
        // the password travels in the environment: a command line is readable by every user of the machine
        List<string> self = [.. SelfInvocation.Command(["sandbox", "up", .. SandboxDaemon.WithoutPassword(args.SkipWhile(a => a is "sandbox" or "up"))])];
        if (!args.Contains("--state-dir")) self.AddRange(["--state-dir", state.Path]);
        var st = await SandboxDaemon.StartDetachedAsync(self, state, password, TimeSpan.FromSeconds(60), ct);
        if (st is null)
        {
            await Task.Delay(500, ct);
            if (File.Exists(state.LogFile)) CliConsole.Error.WriteLine(await File.ReadAllTextAsync(state.LogFile, ct));
            throw new InvalidOperationException($"the background sandbox did not start (log: {state.LogFile}).");
        }
        CliConsole.Out.MarkupLine($"[bold]PypiKit sandbox[/] running in the background (pid {st.Pid}) at [bold]{Markup.Escape(st.Url)}[/]");
        CliConsole.Text.WriteLine($"packages:  {(st.PackagesDirectory)}");
        if (st.User is not null)
        {
            CliConsole.Text.WriteLine($"user:      {(st.User)}");
            CliConsole.Text.WriteLine($"password:  {(password)}{(generated ? "   (generated; shown only now)" : "")}");
            CliConsole.Text.WriteLine($"pip:       python3 -m pip install --index-url {(new PypiCredentials(st.User, password).Embed(st.Url + "simple/"))} PACKAGE");
        }
        CliConsole.Text.WriteLine($"log:       {(state.LogFile)}");
        CliConsole.Out.MarkupLine("stop it with: pypikit sandbox down");
        return 0;
    }

    // ------------------------------------------------------------------ down / status

    private static Command BuildDown()
    {
        var stateDir = StateDirOption();
        var cmd = new Command("down", "Stop the sandbox that 'pypikit sandbox up' started (balancer and every instance process), using its state file.\n" +
                                      "Only processes that are still the recorded ones (pid, start time, command line) are signalled.\n" +
                                      "Example: pypikit sandbox down");
        cmd.Options.Add(stateDir);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var state = new SandboxStateDirectory(r.GetValue(stateDir)!);
            var report = await SandboxDaemon.StopAsync(state, TimeSpan.FromSeconds(10), ct);
            if (report.NothingRecorded) { CliConsole.Text.WriteLine("no sandbox is running (no state file in " + state.Path + ")."); return 0; }
            if (report.WasStale)
            {
                CliConsole.Text.WriteLine($"removed a stale state file: {StaleText(report.State)}; {report.Signalled} leftover process(es) signalled.");
                foreach (var s in report.Skipped) CliConsole.Text.WriteLine("  " + s);
                return 0;
            }
            CliConsole.Text.WriteLine($"sandbox at {report.State!.Url} stopped ({report.Signalled} process(es) signalled).");
            return 0;
        });
        return cmd;
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
            var state = new SandboxStateDirectory(r.GetValue(stateDir)!);
            var (status, st) = state.Inspect();
            if (status == SandboxStatus.Stale)
            {
                CliConsole.Text.WriteLine($"no sandbox is running: stale state file in {state.Path} ({StaleText(st)}); 'pypikit sandbox down' removes it.");
                return ExitCodes.Failure;
            }
            if (st is null) { CliConsole.Text.WriteLine("no sandbox is running."); return ExitCodes.Failure; }
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var body = await http.GetStringAsync(st.Url + "_sandbox/stats", ct);
            if (r.GetValue(json)) { CliConsole.Text.WriteLine(body); return 0; }
            var stats = PypiKitJson.Deserialize<BalancerStats>(body);
            CliConsole.Out.MarkupLine($"sandbox at [bold]{Markup.Escape(st.Url)}[/] (pid {st.Pid}, since {st.Started:u}), {Markup.Escape(stats.Algorithm.ToString())}{(stats.Stickiness ? ", sticky" : "")}; requests {stats.Requests}, balancer failures {stats.Failures}");
            var t = new Table().AddColumns("target", "state", "requests", "in flight", "2xx", "3xx", "4xx", "5xx", "failures", "hc ok/failed").NoWrapExcept();
            foreach (var x in stats.Targets)
                t.AddRow(x.Name, x.State.ToString(), x.Requests.ToString(), x.Outstanding.ToString(), x.Responses2xx.ToString(), x.Responses3xx.ToString(),
                    x.Responses4xx.ToString(), x.Responses5xx.ToString(), x.Failures.ToString(), $"{x.HealthChecksPassed}/{x.HealthChecksFailed}");
            CliConsole.Out.Write(t);
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
            var st = new SandboxStateDirectory(r.GetValue(stateDir)!).Read();
            var target = r.GetValue(url) ?? st?.Url ?? throw new InvalidInputException("--url", "--url: no running sandbox found; give --url.");
            var u = r.GetValue(user) ?? st?.User;
            var pwFromEnv = r.GetValue(password) is null && Environment.GetEnvironmentVariable(PasswordEnv) is not null;
            var pw = r.GetValue(password) ?? Environment.GetEnvironmentVariable(PasswordEnv);
            PypiCredentials? creds = u is not null && pw is not null ? new PypiCredentials(u, pw) : null;
            if (u is not null && pw is null) throw new InvalidInputException("--password", "--password: required (the generated password was printed by 'sandbox up').");
            var options = corpusOpts.Read(r);
            var keep = corpusOpts.OutDirectory(r);
            var dir = keep ?? Directory.CreateTempSubdirectory("pypikit-corpus-").FullName;
            try { return await SeedAsync(options, dir, target, creds, r.GetValue(parallel), ct); }
            finally
            {
                if (keep is null) { try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { } }
            }
        });
        return cmd;
    }

    /// <summary>Generates the corpus into <paramref name="dir"/> and uploads it; 0 when every file is stored or already there.</summary>
    private static async Task<int> SeedAsync(CorpusOptions options, string dir, string target, PypiCredentials? creds, int parallel, CancellationToken ct)
    {
        var corpus = await CorpusModule.GenerateWithProgressAsync(options, dir, ct);
        using var client = new UploadClient(target, creds);
        IReadOnlyList<UploadResult> results = [];
        await CliConsole.Out.Progress().StartAsync(async ctx =>
        {
            var task = ctx.AddTask("uploading", maxValue: corpus.Files.Count);
            var progress = new Progress<CorpusProgress>(p => task.Value = p.Done);
            results = await Corpus.UploadAsync(corpus, client, parallel, progress, ct);
            task.Value = corpus.Files.Count;
        });
        var ok = results.Count(x => x.Success);
        var dup = results.Count(x => x.AlreadyExists);
        var bad = results.Where(x => !x.Success && !x.AlreadyExists).ToList();
        CliConsole.Text.WriteLine($"uploaded {ok}, already present {dup}, failed {bad.Count} (of {results.Count}) to {target}");
        foreach (var b in bad.Take(5)) CliConsole.Error.WriteLine($"  {b.FileName}: {b.StatusCode} {b.Body}");
        return bad.Count == 0 ? 0 : 1;
    }

    private static Command BuildServe()
    {
        var options = new Option<string>("--options") { Description = "JSON file of one instance's SandboxServerOptions.", Required = true };
        var cmd = new Command("serve", "Run one sandbox instance (used by 'sandbox up'; not for direct use).") { Hidden = true };
        cmd.Options.Add(options);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) => await SandboxInstanceProcess.RunAsync(r.GetValue(options)!, CliConsole.Text, ct));
        return cmd;
    }
}
