using System.CommandLine;
using PypiKit.Automation.Campaign;
using PypiKit.Automation.Deployment;
using PypiKit.Automation.Workspace;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary><c>pypikit campaign</c>: up → wait healthy → upload the corpus → burst with telemetry → report → optional destroy.</summary>
public sealed class CampaignModule : ICliModule
{
    public Command Build()
    {
        var cmd = new GracefulCommand("campaign",
            "Run a whole load-test campaign on AWS: render and check the stack, 'pulumi up', wait for the ECS service's steady state, healthy targets and /health, upload the " +
            "corpus (N projects × 3 wheels), run a burst profile against the ALB while collecting CloudWatch/ECS telemetry, write the " +
            "reports, and destroy the stack if asked (also after a failed step or SIGINT/SIGTERM, which cancel pulumi gracefully; exit 130). " +
            "The preflight refuses placeholders and missing secrets before anything is created. --dry-run prints the plan of steps and the " +
            "preflight and needs no credentials, AWS or pulumi.\n" +
            "Example: pypikit campaign --stack lab --instance c6a.xlarge --profile production_incident --destroy --dry-run");
        var d = new DeployModule.DeployOptions();
        d.AddTo(cmd);
        var profile = new Option<string>("--profile") { Description = "Burst profile (production_incident, light_load, heavy_load, …).", DefaultValueFactory = _ => "production_incident" };
        var duration = new Option<double?>("--duration") { Description = "Override the profile's duration, seconds." };
        var corpus = new Option<int>("--corpus-projects") { Description = "Projects in the generated corpus (× 3 versions; default 100 = the reference's 300 wheels).", DefaultValueFactory = _ => 100 };
        var healthMinutes = new Option<double>("--health-timeout") { Description = "Minutes to wait after up for ECS steady state, healthy targets and /health (default 15).", DefaultValueFactory = _ => 15 };
        var destroy = new Option<bool>("--destroy") { Description = "Destroy the stack at the end (also after a failed step)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan of steps only (no credentials, no AWS, no pulumi)." };
        var noTelemetry = new Option<bool>("--no-telemetry") { Description = "Skip the CloudWatch/ECS snapshots." };
        var reports = new Option<DirectoryInfo?>("--reports") { Description = "Folder for the program, corpus and reports (default campaign-<stack>)." };
        var pulumi = new Option<string?>("--pulumi") { Description = "Path of the pulumi executable (default: pulumi on PATH)." };
        var backend = new Option<string?>("--backend-url") { Description = "Pulumi state backend (PULUMI_BACKEND_URL), e.g. file:///abs/state." };
        foreach (var o in new Option[] { profile, duration, corpus, healthMinutes, destroy, dryRun, noTelemetry, reports, pulumi, backend }) cmd.Options.Add(o);

        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var stackName = r.GetValue(d.Stack)!;
            var spec = d.SpecFrom(r);
            var options = new CampaignOptions
            {
                StackName = stackName, Deployment = spec, Secrets = DeployModule.DeployOptions.Secrets(spec), BurstProfile = r.GetValue(profile)!, BurstDurationSeconds = r.GetValue(duration),
                CorpusProjects = r.GetValue(corpus), HealthTimeout = TimeSpan.FromMinutes(r.GetValue(healthMinutes)), Destroy = r.GetValue(destroy),
                CollectTelemetry = !r.GetValue(noTelemetry), OutDir = r.GetValue(reports)?.FullName ?? $"campaign-{stackName}",
            }.Validate();
            var model = DeployModule.DeployOptions.ModelOf(options.EphemeralDeployment);
            var plan = CampaignRunner.Plan(options);
            var t = new Table().AddColumn("#").AddColumn("step").AddColumn("what happens");
            foreach (var s in plan) t.AddRow(s.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(s.Title), Markup.Escape(s.Detail));
            CliConsole.Out.Write(t);
            if (DeployModule.Preflighted(Preflight.Check(model, options.Secrets), dryRun: false, model) is { } stop) return stop;
            if (r.GetValue(dryRun))
            {
                CliConsole.Out.MarkupLine("dry run: nothing was deployed.");
                return 0;
            }
            var exe = r.GetValue(pulumi) ?? PulumiWorkspace.FindOnPath();
            if (exe is null)
            {
                CliConsole.Error.WriteLine("error: the pulumi CLI is not installed (not on PATH); 'pypikit campaign' drives it. Install it from " +
                                        "https://www.pulumi.com/docs/install/ or pass --pulumi PATH; '--dry-run' shows the plan without it.");
                return 1;
            }
            using var signals = TerminationSignals.Handle(ct);
            var result = await CampaignRunner.RunAsync(options, new PulumiWorkspaceOptions { WorkDir = options.OutDir, PulumiCommand = exe, BackendUrl = r.GetValue(backend) },
                new Progress<CampaignProgress>(p => CliConsole.Out.MarkupLine($"[[{p.Step.Number}/{plan.Count}]] {Markup.Escape(p.Step.Title)}: {Markup.Escape(p.Message)}")), signals.Token);
            foreach (var f in result.Files) CliConsole.Out.MarkupLine($"wrote {Markup.Escape(f)}");
            return 0;
        });
        return cmd;
    }
}
