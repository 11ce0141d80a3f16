using System.CommandLine;
using PypiKit.Packages;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary><c>pypikit corpus</c>: generate the synthetic wheel corpus into a directory.</summary>
public sealed class CorpusModule : ICliModule
{
    /// <summary>The corpus knobs, shared by <c>corpus</c> and <c>sandbox seed</c>.</summary>
    internal sealed class CorpusOptionSet
    {
        public required Option<int> Projects { get; init; }
        public required Option<string> Versions { get; init; }
        public required Option<double> MinKb { get; init; }
        public required Option<double> MaxKb { get; init; }
        public required Option<long> Seed { get; init; }
        public required Option<string> Prefix { get; init; }
        public required Option<string?> Out { get; init; }
        public IEnumerable<Option> All => [Projects, Versions, MinKb, MaxKb, Seed, Prefix, Out];

        public static CorpusOptionSet Create() => new()
        {
            Projects = new Option<int>("--projects") { Description = "Number of projects (test-package-000 …).", DefaultValueFactory = _ => 100 },
            Versions = new Option<string>("--versions") { Description = "Comma-separated versions of every project.", DefaultValueFactory = _ => "1.0.0,1.1.0,2.0.0" },
            MinKb = new Option<double>("--min-kb") { Description = "Smallest payload per wheel, KiB (≥ 1).", DefaultValueFactory = _ => 2 },
            MaxKb = new Option<double>("--max-kb") { Description = "Largest payload per wheel, KiB (≤ 5120).", DefaultValueFactory = _ => 32 },
            Seed = new Option<long>("--seed") { Description = "Seed of payload sizes and bytes (same seed ⇒ same wheels).", DefaultValueFactory = _ => 42 },
            Prefix = new Option<string>("--prefix") { Description = "Project name prefix.", DefaultValueFactory = _ => "test-package-" },
            Out = new Option<string?>("--out", "-o") { Description = "Directory to write the wheels to." },
        };

        public CorpusOptions Read(ParseResult r) => new()
        {
            ProjectCount = r.GetValue(Projects),
            Versions = r.GetValue(Versions)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            MinPayloadBytes = (int)Math.Round(r.GetValue(MinKb) * 1024),
            MaxPayloadBytes = (int)Math.Round(r.GetValue(MaxKb) * 1024),
            Seed = r.GetValue(Seed),
            NamePrefix = r.GetValue(Prefix)!,
        };

        public string? OutDirectory(ParseResult r) => r.GetValue(Out);
    }

    internal static async Task<CorpusResult> GenerateWithProgressAsync(CorpusOptions options, string dir, CancellationToken ct)
    {
        options.Validate();
        CorpusResult? result = null;
        await CliConsole.Out.Progress().StartAsync(async ctx =>
        {
            var task = ctx.AddTask("building wheels", maxValue: options.ProjectCount * options.Versions.Count);
            var progress = new Progress<CorpusProgress>(p => task.Value = Math.Max(task.Value, p.Done));
            result = await Corpus.GenerateAsync(options, dir, progress, ct);
            task.Value = task.MaxValue;
        });
        CliConsole.Text.WriteLine($"{result!.Files.Count} wheels, {result.TotalBytes / 1024.0 / 1024.0:0.0} MiB in {result.Directory}");
        return result;
    }

    public Command Build()
    {
        var opts = CorpusOptionSet.Create();
        var cmd = new Command("corpus", "Generate a deterministic corpus of valid wheels (pip installs them): projects × versions, payload sizes drawn from a seed.\n" +
                                        "Example: pypikit corpus --out ./packages --projects 100 --versions 1.0.0,1.1.0,2.0.0 --min-kb 2 --max-kb 32");
        foreach (var o in opts.All) cmd.Options.Add(o);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var dir = opts.OutDirectory(r) ?? throw new InvalidInputException("--out", "--out: a directory is required.");
            await GenerateWithProgressAsync(opts.Read(r), dir, ct);
            return 0;
        });
        return cmd;
    }
}
