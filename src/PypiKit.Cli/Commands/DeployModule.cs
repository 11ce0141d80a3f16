using PypiKit.Sizing;
using System.CommandLine;
using PypiKit.Automation.Deployment;
using PypiKit.Automation.Model;
using PypiKit.Automation.Rendering;
using PypiKit.Automation.Validation;
using PypiKit.Automation.Workspace;
using PypiKit.Cli.Commands.Size;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary>
/// <c>pypikit deploy render|preview|up|destroy|outputs</c>: the whole stack as a Pulumi YAML program, checked offline
/// (schema + policies), and driven through the pulumi CLI when it is installed.
/// </summary>
public sealed class DeployModule : ICliModule
{
    public Command Build()
    {
        var cmd = new Command("deploy",
            "Render the PyPI stack (ALB + ECS + EFS, alarms, dashboard, backups) as a Pulumi YAML program sized from a capacity plan, " +
            "validate it offline against the @pulumi/aws 7.48.0 schema and the security policies, and drive the pulumi CLI " +
            "(preview, up, destroy, outputs) when it is installed.\n" +
            "Example: pypikit deploy render --stack dev --out out/stack --instance c6a.xlarge --capacity fargate");
        cmd.Subcommands.Add(Render());
        cmd.Subcommands.Add(Drive("preview", "Render, then run 'pulumi preview' (needs the pulumi CLI and AWS credentials). Prints the planned changes."));
        cmd.Subcommands.Add(Drive("up", "Render, then run 'pulumi up --yes --skip-preview' (needs the pulumi CLI and AWS credentials). Prints the outputs."));
        cmd.Subcommands.Add(Drive("destroy", "Run 'pulumi destroy' on the stack (needs the pulumi CLI; asks for --yes)."));
        cmd.Subcommands.Add(RestorePlan());
        cmd.Subcommands.Add(Drive("outputs", "Print the stack's outputs (secrets masked unless --show-secrets; needs the pulumi CLI)."));
        return cmd;
    }

    /// <summary>Options shared by every deploy subcommand (fresh per command).</summary>
    internal sealed class DeployOptions
    {
        public Option<string> Stack { get; } = new("--stack", "-s") { Description = "Stack name (letters, digits, -, _, .), e.g. dev or prod.", DefaultValueFactory = _ => "dev" };
        public Option<FileInfo?> Config { get; } = new("--config") { Description = "JSON deployment spec ({\"options\": {…}, \"sizing\": {…}}, snake_case); flags given explicitly override it." };
        public Option<DirectoryInfo?> Out { get; } = new("--out", "-o") { Description = "Folder for Pulumi.yaml and Pulumi.<stack>.yaml (default .pypikit/stacks/<stack>)." };
        public Option<StackShape> Shape { get; } = new("--shape") { Description = "prod (multi-AZ, default) or dev (one AZ, one NAT, One Zone EFS).", DefaultValueFactory = _ => StackShape.Prod };
        public Option<CapacityKind> Capacity { get; } = new("--capacity") { Description = "Where tasks run: ec2 (ASG + capacity provider, the default), fargate or fargate-spot.", DefaultValueFactory = _ => CapacityKind.Ec2 };
        public Option<ScalingMode> Scaling { get; } = new("--scaling") { Description = "target-tracking (CPU 60 %, the default) or step (out > 80 %, in < 20 %, 300 s cooldown).", DefaultValueFactory = _ => ScalingMode.TargetTracking };
        public Option<bool> CloudFront { get; } = new("--cloudfront") { Description = "Put CloudFront in front of the ALB, caching /packages/* (package files)." };
        public Option<EfsThroughputMode> EfsThroughput { get; } = EfsFlags.Mode(EfsThroughputMode.Elastic);
        public Option<int?> EfsMibps { get; } = new("--provisioned-mibps") { Description = "Provisioned EFS throughput, MiB/s (1..3414; with --efs-mode provisioned)." };
        public Option<string?> Region { get; } = new("--region") { Description = "AWS region (default us-east-1)." };
        public Option<string?> Domain { get; } = new("--domain") { Description = "Public DNS name of the server, e.g. pypi.example.org (default pypi.example.com)." };
        public Option<string?> ZoneId { get; } = new("--zone-id") { Description = "Route 53 hosted zone id of the domain, e.g. Z0123456789ABC." };
        public Option<string[]> AlarmEmails { get; } = new("--alarm-email") { Description = "Email subscribed to the alarm topic (repeatable).", AllowMultipleArgumentsPerToken = false };
        public Option<bool> AlarmWebhook { get; } = new("--alarm-webhook") { Description = "Declare a secret config value alarmWebhookUrl (HTTPS endpoint) subscribed to the alarms; its value comes from PYPIKIT_ALARM_WEBHOOK_URL, never a file." };
        public Option<string?> ImageTag { get; } = new("--image-tag") { Description = "pypiserver image tag (default v2.4.1)." };
        public Option<string?> Image { get; } = new("--image") { Description = "Image repository without tag (default pypiserver/pypiserver on Docker Hub), e.g. a private ECR copy <account>.dkr.ecr.<region>.amazonaws.com/pypiserver." };
        public Option<bool?> PullThroughCache { get; } = new("--pull-through-cache") { Description = $"Pull Docker Hub's image through an ECR pull-through cache rule of the stack (default: on for --shape prod, off for dev); needs {DeploymentSecrets.DockerHubUserVariable} and {DeploymentSecrets.DockerHubTokenVariable}. '--pull-through-cache false' or --image turns it off." };
        public Option<string?> CertificateArn { get; } = new("--certificate-arn") { Description = "Use this issued ACM certificate (in the stack's region) for the ALB instead of requesting one DNS-validated in --zone-id." };
        public Option<string?> VpcId { get; } = new("--vpc-id") { Description = "Deploy into this existing VPC (with --public-subnets and --private-subnets) instead of creating one." };
        public Option<string?> PublicSubnets { get; } = new("--public-subnets") { Description = "Comma-separated public subnet ids for the ALB (at least two AZs)." };
        public Option<string?> PrivateSubnets { get; } = new("--private-subnets") { Description = "Comma-separated private subnet ids for tasks, instances and EFS mount targets." };
        public Option<bool> NoBackup { get; } = new("--no-backup") { Description = "Do not create the AWS Backup vault/plan for EFS." };
        public Option<bool> ForceDestroy { get; } = new("--force-destroy") { Description = "Let destroy delete the non-empty access-log bucket and backup vault ('deploy destroy --force-destroy' applies it with an update first)." };
        public Option<int?> BackupIntervalHours { get; } = new("--backup-interval-hours") { Description = "Hours between EFS recovery points (1, 2, 3, 4, 6, 8, 12 or 24; default 24): the backup RPO." };
        public Option<int?> BackupRetentionDays { get; } = new("--backup-retention-days") { Description = "Days a recovery point is kept (1..35, default 7)." };
        public Option<string?> ReplicaRegion { get; } = new("--replica-region") { Description = "Replicate the package volume to a read-only EFS file system in this region (e.g. us-west-2)." };
        public Option<CpuArchitecture?> Architecture { get; } = new("--cpu-architecture") { Description = "x86_64 or arm64 (default: the instance type's, from the catalogue). With Fargate it picks the task platform; with EC2 it must match --instance." };
        public Option<int?> LoadGeneratorUsers { get; } = new("--load-generator-users") { Description = "Add the optional load generator (ECR repository, Fargate task sized for this many virtual users per shard, put-only results bucket) for 'burst --workers'." };
        public SizeOptions Sizing { get; } = new();

        public void AddTo(Command c)
        {
            foreach (var o in new Option[] { Stack, Config, Out, Shape, Capacity, Scaling, CloudFront, EfsThroughput, EfsMibps, Region, Domain, ZoneId,
                         AlarmEmails, AlarmWebhook, ImageTag, Image, PullThroughCache, CertificateArn, VpcId, PublicSubnets, PrivateSubnets, NoBackup, ForceDestroy, Architecture,
                         BackupIntervalHours, BackupRetentionDays, ReplicaRegion, LoadGeneratorUsers })
                c.Options.Add(o);
            Sizing.AddTo(c);
        }

        private static bool Given(ParseResult r, Option o) => r.GetResult(o) is { Implicit: false };

        /// <summary>Option fields (StackOptions, preflight inputs) and sizing fields → the flag that sets them.</summary>
        public static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>(FlagErrors.Sizing)
        {
            ["region"] = "--region", ["domain_name"] = "--domain", ["hosted_zone_id"] = "--zone-id", ["alarm_emails"] = "--alarm-email",
            ["alarm_webhook"] = "--alarm-webhook", ["image_tag"] = "--image-tag", ["image_repository"] = "--image", ["pull_through_cache"] = "--pull-through-cache", ["certificate_arn"] = "--certificate-arn", ["efs_provisioned_mibps"] = "--provisioned-mibps",
            ["existing_network.vpc_id"] = "--vpc-id", ["existing_network.public_subnet_ids"] = "--public-subnets",
            ["existing_network.private_subnet_ids"] = "--private-subnets", ["vpc-id"] = "--vpc-id", ["cpu_architecture"] = "--cpu-architecture",
            ["backup_interval_hours"] = "--backup-interval-hours", ["backup_retention_days"] = "--backup-retention-days", ["replica_region"] = "--replica-region", ["pulumi"] = "--pulumi",
            ["stack"] = "--stack", ["config"] = "--config", ["load_generator.virtual_users_per_shard"] = "--load-generator-users",
        };

        public DeploymentSpec SpecFrom(ParseResult r) => FlagErrors.Named(Flags, () => ReadSpec(r));

        /// <summary>The stack model of <paramref name="spec"/> (capacity plan included); errors name the flag.</summary>
        public static StackModel ModelOf(DeploymentSpec spec) => FlagErrors.Named(Flags, spec.ToModel);

        private DeploymentSpec ReadSpec(ParseResult r)
        {
            var spec = r.GetValue(Config) is { } f ? DeploymentSpec.Load(f.FullName) : new DeploymentSpec();
            var o = spec.Options;
            if (Given(r, Shape)) o = o with { Shape = r.GetValue(Shape) };
            if (Given(r, Capacity)) o = o with { Capacity = r.GetValue(Capacity) };
            if (Given(r, Scaling)) o = o with { Scaling = r.GetValue(Scaling) };
            if (Given(r, CloudFront)) o = o with { CloudFront = r.GetValue(CloudFront) };
            if (Given(r, EfsThroughput)) o = o with { EfsThroughput = r.GetValue(EfsThroughput) };
            if (r.GetValue(EfsMibps) is { } mibps) o = o with { EfsProvisionedMibps = mibps };
            if (r.GetValue(Region) is { } region) o = o with { Region = region };
            if (r.GetValue(Domain) is { } domain) o = o with { DomainName = domain };
            if (r.GetValue(ZoneId) is { } zone) o = o with { HostedZoneId = zone };
            if (r.GetValue(AlarmEmails) is { Length: > 0 } emails) o = o with { AlarmEmails = emails };
            if (Given(r, AlarmWebhook)) o = o with { AlarmWebhook = r.GetValue(AlarmWebhook) };
            if (r.GetValue(ImageTag) is { } tag) o = o with { ImageTag = tag };
            if (r.GetValue(Image) is { } image) o = o with { ImageRepository = image };
            if (r.GetValue(PullThroughCache) is { } cache) o = o with { PullThroughCache = cache };
            if (r.GetValue(CertificateArn) is { } certificate) o = o with { CertificateArn = certificate };
            if (r.GetValue(VpcId) is { } vpc)
            {
                static string[] Split(string? s) => (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                o = o with { ExistingNetwork = new ExistingNetwork(vpc, Split(r.GetValue(PublicSubnets)), Split(r.GetValue(PrivateSubnets))) };
            }
            else if (r.GetValue(PublicSubnets) is not null || r.GetValue(PrivateSubnets) is not null)
                throw new InvalidInputException("vpc-id", "--public-subnets/--private-subnets need --vpc-id.");
            if (Given(r, NoBackup)) o = o with { Backup = !r.GetValue(NoBackup) };
            if (Given(r, ForceDestroy)) o = o with { ForceDestroy = r.GetValue(ForceDestroy) };
            if (r.GetValue(Architecture) is { } arch) o = o with { Architecture = arch };
            if (r.GetValue(BackupIntervalHours) is { } every) o = o with { BackupIntervalHours = every };
            if (r.GetValue(BackupRetentionDays) is { } keep) o = o with { BackupRetentionDays = keep };
            if (r.GetValue(ReplicaRegion) is { } replica) o = o with { ReplicaRegion = replica };
            if (r.GetValue(LoadGeneratorUsers) is { } users) o = o with { LoadGenerator = (o.LoadGenerator ?? new LoadGeneratorOptions()) with { VirtualUsersPerShard = users } };
            var sizing = Sizing.InputsFrom(r, r.GetValue(Config) is not null ? spec.Sizing : null);
            return spec with { Options = o, Sizing = sizing, Catalog = r.GetValue(Sizing.Catalog) is not null ? Sizing.CatalogFrom(r) : spec.Catalog };
        }

        public string OutDir(ParseResult r) => r.GetValue(Out)?.FullName ?? Path.Combine(".pypikit", "stacks", r.GetValue(Stack)!);

        public static IReadOnlyDictionary<string, string> Secrets(DeploymentSpec spec) => DeploymentSecrets.FromEnvironment(spec.Options);
    }

    private static IAnsiConsole Console => CliConsole.Out;

    private static Command Render()
    {
        var c = new Command("render",
            "Write Pulumi.yaml (+ Pulumi.<stack>.yaml with plain config) for the stack, then validate it offline against the embedded " +
            "schema and run every security policy. Works without the pulumi CLI and without AWS. Exit 1 if a check fails.\n" +
            "Example: pypikit deploy render --stack dev --out out/stack --shape dev --capacity fargate-spot --cloudfront");
        var o = new DeployOptions();
        o.AddTo(c);
        c.SetAction(r =>
        {
            var spec = o.SpecFrom(r);
            var model = DeployOptions.ModelOf(spec);
            var check = RenderCheck.Run(model, r.GetValue(o.Stack)!, DeployOptions.Secrets(spec));
            var files = check.Stack.WriteTo(o.OutDir(r));
            Report(check, files);
            var t = new Table().AddColumn("recovery path").AddColumn("RPO").AddColumn("RTO consists of");
            foreach (var x in Recovery.Objectives(model)) t.AddRow(Markup.Escape(x.Path), Markup.Escape(x.RpoText), Markup.Escape(x.RtoText));
            Console.Write(t);
            return check.Passed ? 0 : 1;
        });
        return c;
    }

    private static Command RestorePlan()
    {
        var c = new Command("restore-plan",
            "Write the runbook (Markdown, with the commands) for getting the package volume back: from an AWS Backup recovery point, " +
            "or by failing over to the EFS replica when --replica-region is set. Offline; give the flags of the stack.\n" +
            "Example: pypikit deploy restore-plan --stack prod --replica-region us-west-2 --runbook restore-prod.md");
        var o = new DeployOptions();
        o.AddTo(c);
        var runbook = new Option<FileInfo?>("--runbook") { Description = "Where to write the runbook (default restore-<stack>.md)." };
        c.Options.Add(runbook);
        c.SetAction(r =>
        {
            var stack = r.GetValue(o.Stack)!;
            var model = DeployOptions.ModelOf(o.SpecFrom(r));
            var path = r.GetValue(runbook)?.FullName ?? $"restore-{stack}.md";
            File.WriteAllText(path, Recovery.Runbook(model, stack));
            foreach (var x in Recovery.Objectives(model)) Console.MarkupLine($"{Markup.Escape(x.Path)}: RPO {Markup.Escape(x.RpoText)}");
            Console.MarkupLine($"wrote {Markup.Escape(path)}");
            return 0;
        });
        return c;
    }

    internal static void Report(RenderCheck check, IReadOnlyList<string> files)
    {
        foreach (var f in files) Console.MarkupLine($"wrote {Markup.Escape(f)}");
        var v = check.Validation;
        Console.MarkupLine(v.IsValid
            ? $"schema ({Markup.Escape(SchemaValidator.EmbeddedSchemaSource)}): [green]valid[/], {v.ResourceCount} resources, {v.Warnings.Count} warnings"
            : $"schema: [red]{v.Errors.Count} errors[/]");
        foreach (var e in v.Errors) Console.MarkupLine($"  [red]error[/] {Markup.Escape(e.ToString())}");
        foreach (var w in v.Warnings) Console.MarkupLine($"  [yellow]warning[/] {Markup.Escape(w.ToString())}");
        var t = new Table().AddColumn("policy").AddColumn("result").AddColumn("what it demands");
        foreach (var (rule, violations) in check.Policies.Results)
            t.AddRow(Markup.Escape(rule.Id), violations.Count == 0 ? "[green]pass[/]" : $"[red]FAIL ({violations.Count})[/]", Markup.Escape(rule.Description));
        Console.Write(t);
        foreach (var x in check.Policies.Violations) Console.MarkupLine($"  [red]violation[/] {Markup.Escape(x.ToString())}");
        foreach (var s in check.Stack.Config.Where(c => c.IsSecret))
            Console.MarkupLine($"secret config {s.Key} is set with 'pulumi config set --secret' by preview/up (never written to a file)");
        Console.MarkupLine(check.Passed ? "[green]all checks passed[/]" : "[red]checks failed[/]");
    }

    /// <summary>
    /// Prints the preflight findings, one line each naming the flag (stderr), or <c>preflight: ok</c>; returns the exit
    /// code to stop with (2) or null to go on. A dry run stops either way.
    /// </summary>
    internal static int? Preflighted(IReadOnlyList<PreflightFinding> findings, bool dryRun, StackModel? model = null)
    {
        foreach (var f in findings) CliConsole.Error.WriteLine($"error: {FlagErrors.FlagOf(DeployOptions.Flags, f.Input)}: {f.Message}");
        if (findings.Count > 0) return ExitCodes.BadInput;
        if (model is not null) CliConsole.Text.WriteLine(Preflight.CertificatePlan(model)); // plain: a long ARN must not be wrapped
        Console.MarkupLine("preflight: ok" + (dryRun ? " (dry run: nothing was created)" : ""));
        return dryRun ? 0 : null;
    }

    private static Command Drive(string verb, string description)
    {
        var c = new GracefulCommand(verb, description + "\nThe pulumi CLI is found on PATH or given with --pulumi; state goes where PULUMI_BACKEND_URL / --backend-url says " +
                                  "(e.g. file:///abs/dir), the passphrase comes from PULUMI_CONFIG_PASSPHRASE. SIGINT/SIGTERM cancel pulumi gracefully (exit 130).\n" +
                                  $"Example: pypikit deploy {verb} --stack dev --backend-url file://$PWD/.pulumi-state");
        var o = new DeployOptions();
        o.AddTo(c);
        var pulumi = new Option<string?>("--pulumi") { Description = "Path of the pulumi executable (default: pulumi on PATH)." };
        var backend = new Option<string?>("--backend-url") { Description = "Pulumi state backend, e.g. file:///abs/state or s3://bucket (sets PULUMI_BACKEND_URL)." };
        var home = new Option<string?>("--pulumi-home") { Description = "PULUMI_HOME for plugins and credentials." };
        var yes = new Option<bool>("--yes") { Description = "Confirm a destroy." };
        var showSecrets = new Option<bool>("--show-secrets") { Description = "Print secret outputs in clear (outputs only)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Run the preflight (placeholders, missing secrets, architecture, CLI version) and stop: nothing is created." };
        var waitMinutes = new Option<double>("--wait-minutes")
        {
            Description = "After up, wait at most this long for the ECS service's steady state and healthy targets (AWS credentials from the environment); 0: do not wait.",
            DefaultValueFactory = _ => 15,
        };
        foreach (var x in new Option[] { pulumi, backend, home, yes, showSecrets }) c.Options.Add(x);
        if (verb is "up" or "destroy") c.Options.Add(dryRun);
        if (verb == "up") c.Options.Add(waitMinutes);
        c.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var exe = r.GetValue(pulumi) ?? PulumiWorkspace.FindOnPath();
            if (exe is null || (Path.IsPathRooted(exe) && !File.Exists(exe)))
            {
                CliConsole.Error.WriteLine($"error: the pulumi CLI is not installed (not on PATH{(r.GetValue(pulumi) is { } p ? $", not at {p}" : "")}). " +
                    $"'pypikit deploy {verb}' drives it; install it from https://www.pulumi.com/docs/install/ or pass --pulumi PATH. " +
                    "'pypikit deploy render' works without it.");
                return 1;
            }
            var spec = o.SpecFrom(r);
            var stackName = r.GetValue(o.Stack)!;
            var forceDestroyFirst = verb == "destroy" && spec.Options.ForceDestroy;
            if (verb == "destroy" && !r.GetValue(yes) && !r.GetValue(dryRun))
                throw new InvalidInputException("--yes", "destroy deletes every resource of the stack: add --yes to confirm.");
            var model = verb is "preview" or "up" || forceDestroyFirst ? DeployOptions.ModelOf(spec) : null;
            var secrets = DeployOptions.Secrets(spec);
            var outDir = o.OutDir(r);
            using var signals = TerminationSignals.Handle(ct);
            var token = signals.Token;
            var ws = await PulumiWorkspace.CreateAsync(new PulumiWorkspaceOptions
            {
                WorkDir = Path.GetFullPath(outDir), PulumiCommand = exe, BackendUrl = r.GetValue(backend), PulumiHome = r.GetValue(home),
            }, token);
            if (verb == "up" || forceDestroyFirst || r.GetValue(dryRun))
            {
                var findings = (model is null ? [] : Preflight.Check(model, secrets)).Concat(Preflight.CheckCli(ws.PulumiVersion)).ToList();
                if (Preflighted(findings, r.GetValue(dryRun), model) is { } stop) return stop;
            }
            var onEvent = new Action<EngineEvent>(e =>
            {
                if (e.Kind is EngineEventKind.ResourcePre && e.Metadata is { Op: not "same" } m) Console.MarkupLine($"  {Markup.Escape(m.Op),-8} {Markup.Escape(m.Type)} {Markup.Escape(m.Urn.Split("::").Last())}");
                else if (e.Diagnostic is { Severity: "error" or "warning" } d) Console.MarkupLine($"  [yellow]{Markup.Escape(d.Severity)}[/] {Markup.Escape(d.Message.Trim())}");
            });
            WorkspaceStack stack;
            if (model is not null)
            {
                var check = RenderCheck.Run(model, stackName, secrets);
                Report(check, [check.Stack.WriteProgramTo(outDir)]);
                if (!check.Passed) return 1;
                stack = await PulumiDeployment.PrepareAsync(check.Stack, ws, token);
            }
            else stack = await ws.SelectStackAsync(stackName, token);
            switch (verb)
            {
                case "preview":
                    var p = await stack.PreviewAsync(new PreviewOptions { Color = "never", OnEvent = onEvent }, token);
                    Console.MarkupLine("changes: " + Markup.Escape(string.Join(", ", p.ChangeSummary.Select(kv => $"{kv.Key} {kv.Value}"))));
                    break;
                case "up":
                    var u = await stack.UpAsync(new UpOptions { Color = "never", OnEvent = onEvent }, token);
                    Console.MarkupLine($"update {Markup.Escape(u.Summary.Result)}: " + Markup.Escape(string.Join(", ", u.Summary.ResourceChanges.Select(kv => $"{kv.Key} {kv.Value}"))));
                    PrintOutputs(u.Outputs, false);
                    if (r.GetValue(waitMinutes) is > 0 and var minutes && !await WaitSteadyAsync(u.Outputs, spec.Options.Region, TimeSpan.FromMinutes(minutes), token)) return 1;
                    break;
                case "destroy":
                    if (forceDestroyFirst)
                    {
                        Console.MarkupLine("force-destroy: updating the stack so the access-log bucket and the backup vault may be deleted with their contents");
                        await stack.UpAsync(new UpOptions { Color = "never", OnEvent = onEvent }, token);
                    }
                    try
                    {
                        var d = await PulumiDeployment.DestroyAsync(stack, new DestroyOptions { Color = "never", OnEvent = onEvent }, token);
                        Console.MarkupLine($"destroy {Markup.Escape(d.Summary.Result)}");
                    }
                    catch (DestroyFailedException ex)
                    {
                        CliConsole.Error.WriteLine($"error: {ex.Message}");
                        return 1;
                    }
                    break;
                default:
                    PrintOutputs(await stack.GetOutputsAsync(token), r.GetValue(showSecrets));
                    break;
            }
            return 0;
        });
        return c;
    }

    /// <summary>Waits for steady state and healthy targets (the outputs name cluster, service, target group); false with one error line when they do not come.</summary>
    private static async Task<bool> WaitSteadyAsync(IReadOnlyDictionary<string, OutputValue> outputs, string region, TimeSpan timeout, CancellationToken ct)
    {
        string? Out(string k) => outputs.TryGetValue(k, out var v) && v.Value.ValueKind == System.Text.Json.JsonValueKind.String ? v.Value.GetString() : null;
        if (Out("clusterName") is not { } cluster || Out("serviceName") is not { } service || Out("targetGroupArn") is not { } tg)
        {
            CliConsole.Error.WriteLine("error: the stack outputs lack clusterName/serviceName/targetGroupArn: cannot wait for steady state (pass --wait-minutes 0 to skip).");
            return false;
        }
        using var aws = PypiKit.Telemetry.Aws.AwsClients.Create(new PypiKit.Telemetry.Aws.AwsOptions { Region = region });
        var source = new AwsServiceStatusSource(aws.Ecs, aws.Elbv2, cluster, service, tg);
        Console.MarkupLine($"waiting up to {timeout.TotalMinutes:0.#} min for steady state and healthy targets");
        try
        {
            var done = await SteadyStateWaiter.WaitAsync(source, timeout, TimeSpan.FromSeconds(15),
                new SyncProgress<ServiceStatus>(s => Console.MarkupLine("  " + Markup.Escape(s.ToString()))), ct: ct);
            Console.MarkupLine($"[green]ready[/]: {Markup.Escape(done.ToString())}");
            return true;
        }
        catch (TimeoutException ex)
        {
            CliConsole.Error.WriteLine($"error: not ready {ex.Message}");
            return false;
        }
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private static void PrintOutputs(IReadOnlyDictionary<string, OutputValue> outputs, bool showSecrets)
    {
        var t = new Table().AddColumn("output").AddColumn("value");
        foreach (var (k, v) in outputs.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            t.AddRow(Markup.Escape(k), Markup.Escape(v.IsSecret && !showSecrets ? "[secret]" : v.Value.ValueKind == System.Text.Json.JsonValueKind.String ? v.Value.GetString()! : v.Value.GetRawText()));
        Console.Write(t);
    }
}
