using PypiKit.Cli.Commands;

namespace PypiKit.Cli;

/// <summary>The command groups of <c>pypikit</c>, in the order <c>pypikit --help</c> lists them. A new group is added here.</summary>
public static class CliModules
{
    /// <summary>Fresh instances of every group.</summary>
    public static IReadOnlyList<ICliModule> All() =>
    [
        new LabModule(),
        new SizeModule(),
        new ProbeModule(),
        new SandboxModule(),
        new CorpusModule(),
        new BurstModule(),
        new AnalyzeModule(),
        new DeployModule(),
        new TelemetryModule(),
        new CampaignModule(),
        new ChartModule(),
        new NotebookModule(),
        new ReplModule(),
    ];
}
