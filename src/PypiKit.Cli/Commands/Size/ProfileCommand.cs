using System.CommandLine;
using PypiKit.Sizing;
using Spectre.Console;

namespace PypiKit.Cli.Commands.Size;

/// <summary><c>pypikit size profile</c>: the reference SIZING guide's workload profiles → a recommendation with reasons.</summary>
internal static class ProfileCommand
{
    public static Command Build()
    {
        var cmd = new Command("profile",
            "Recommend a configuration for a workload profile of the reference SIZING guide (light, medium, heavy, very-heavy), " +
            "with its capacity plan, prod-shape monthly cost (USD), predicted burst latency (seconds) and the reasons. Without a " +
            "profile name, classifies the workload from --packages, --users and --burst-per-minute.\n" +
            "Example: pypikit size profile heavy   |   pypikit size profile --packages 300 --users 30 --burst-per-minute 300");
        var name = new Argument<string?>("profile") { Description = "light, medium, heavy or very-heavy.", Arity = ArgumentArity.ZeroOrOne };
        var packages = new Option<int>("--packages") { Description = "Number of packages hosted (count)." };
        var users = new Option<int>("--users") { Description = "Number of people/CI users (count)." };
        var burst = new Option<int>("--burst-per-minute") { Description = "Peak requests per minute in a CI burst." };
        var json = SizeOptions.Json();
        cmd.Arguments.Add(name);
        foreach (var o in new Option[] { packages, users, burst, json }) cmd.Options.Add(o);

        cmd.SetAction(r =>
        {
            var profile = r.GetValue(name) is { Length: > 0 } n ? WorkloadProfiles.Get(n)
                : WorkloadProfiles.Classify(r.GetValue(packages), r.GetValue(users), r.GetValue(burst));
            int? demand = r.GetValue(burst) is > 0 and var b ? b : null;
            var rec = WorkloadProfiles.Recommend(profile, demandPerMinute: demand);
            if (r.GetValue(json)) { SizeOutput.WriteJson(rec); return 0; }
            var o = SizeOutput.Out;
            o.MarkupLine($"[bold]{Markup.Escape(profile.Title)}[/] → {rec.Plan.AsgInstanceCount} × {Markup.Escape(rec.Plan.InstanceType)}, {rec.Plan.ContainerMemoryMb.Value} MB containers, {rec.Plan.ActualTaskMinCount}..{rec.Plan.ActualTaskMaxCount} tasks, ~{Markup.Escape(rec.Cost.Total.ToString())}/month (prod shape)");
            foreach (var reason in rec.Reasons) o.MarkupLine($"  • {Markup.Escape(reason)}");
            SizeWarningLines.Write(rec.Warnings);
            o.WriteLine();
            SizeModule.Render(rec.Plan);
            return 0;
        });
        return cmd;
    }
}
