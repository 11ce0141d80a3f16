using System.CommandLine;
using System.Net;
using System.Net.Sockets;

namespace PypiKit.Cli.Tests;

/// <summary>
/// The CLI's contract, over EVERY command of the tree built in-process: each option taking an enum, a number or a path
/// rejects a bad value with exit 2 and one line naming the flag as typed and what is allowed, before anything starts
/// (nothing appears on disk).
/// </summary>
public class CliContractTests
{
    public sealed record BadValue(string Command, string Flag, string Value, string[] Expected)
    {
        public override string ToString() => $"pypikit {Command} {Flag} {Value}";
    }

    /// <summary>A scratch folder holding one file, <c>blocker</c>: a path under it can never be written.</summary>
    private sealed class Scratch : IDisposable
    {
        private readonly TempDir _dir = new("pypikit-contract-");
        public string Dir => _dir.Path;
        public string Blocker => Path.Combine(Dir, "blocker");
        public Scratch() => File.WriteAllText(Blocker, "");
        public string[] Entries() => [.. Directory.EnumerateFileSystemEntries(Dir, "*", SearchOption.AllDirectories).Order()];
        public void Dispose() => _dir.Dispose();
    }

    /// <summary>One bad value per option that takes an enum, a number or a path, for every command.</summary>
    private static IEnumerable<BadValue> Cases(Scratch s)
    {
        var root = PypiKitCli.BuildRoot();
        foreach (var (path, command) in CommandTree.Commands(root))
        {
            var words = string.Join(' ', path);
            foreach (var option in command.Options)
            {
                // The flag as a user would type it: the short alias when there is one, to check the message echoes it.
                var flag = option.Aliases.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).FirstOrDefault() ?? option.Name;
                if (ValueChoices.Allowed(option) is { Count: > 0 } allowed)
                    yield return new BadValue(words, flag, "no-such-value", [flag, "'no-such-value'", .. allowed]);
                else if (NumberRanges.IsNumeric(option.ValueType))
                {
                    var (min, _) = NumberRanges.RangeOf(option);
                    yield return double.IsNegativeInfinity(min)
                        ? new BadValue(words, flag, "lots", [flag, "'lots'", NumberRanges.Describe(option)])
                        : new BadValue(words, flag, "-1", [flag, NumberRanges.Describe(option)]);
                }
                else if (PathOptions.KindOf(option) is { } kind)
                {
                    var bad = kind is PathKind.InputFile or PathKind.InputDirectory
                        ? Path.Combine(s.Dir, "missing", "input")
                        : Path.Combine(s.Blocker, "out");
                    yield return new BadValue(words, flag, bad, [flag, bad]);
                }
            }
        }
    }

    [Fact]
    public async Task Every_enum_number_and_path_option_rejects_a_bad_value_with_exit_2_naming_the_flag()
    {
        using var s = new Scratch();
        var before = s.Entries();
        var cases = Cases(s).ToList();
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var args = c.Command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append($"{c.Flag}={c.Value}").ToArray();
            var run = await InProcessCli.RunAsync(args);
            var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            bool named = lines.Any(l => l.StartsWith("error: ", StringComparison.Ordinal) && c.Expected.All(e => l.Contains(e, StringComparison.Ordinal)));
            if (run.ExitCode != ExitCodes.BadInput || !named)
                failures.Add($"{c}: exit {run.ExitCode}, stderr: {run.Stderr.Trim()}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases broke the contract:\n" + string.Join('\n', failures));
        Assert.Equal(before, s.Entries());
        // Enough of the tree was walked to mean something: every kind of option occurs.
        Assert.Contains(cases, c => c.Value == "no-such-value");
        Assert.Contains(cases, c => c.Value == "-1");
        Assert.Contains(cases, c => c.Value.EndsWith("out", StringComparison.Ordinal));
        Assert.Contains(cases, c => c.Value.EndsWith("input", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_command_group_is_walked()
    {
        var walked = CommandTree.Commands(PypiKitCli.BuildRoot()).Where(c => c.Path.Count == 1).Select(c => c.Path[0]).ToHashSet();
        foreach (var group in new[] { "lab", "size", "sandbox", "corpus", "burst", "analyze", "deploy", "telemetry", "campaign", "chart", "notebook", "repl" })
            Assert.Contains(group, walked);
    }

    [Fact]
    public async Task A_taken_port_is_bad_input_naming_the_flag()
    {
        using var s = new Scratch();
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        int port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var run = await InProcessCli.RunAsync("sandbox", "up", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--state-dir", Path.Combine(s.Dir, "state"));
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"error: --port {port}: 127.0.0.1:{port} is already in use", run.Stderr);
        Assert.False(Directory.Exists(Path.Combine(s.Dir, "state")));
    }

    [Theory]
    [InlineData("Ec2", "ec2")]
    [InlineData("FargateSpot", "fargate-spot")]
    [InlineData("TargetTracking", "target-tracking")]
    [InlineData("X86_64", "x86_64")]
    [InlineData("SimpleDir", "simple-dir")]
    public void Enum_values_are_spelt_in_lower_case_kebab(string member, string typed) => Assert.Equal(typed, ValueChoices.Kebab(member));

    [Fact]
    public async Task Enum_values_parse_in_kebab_and_in_the_old_spelling()
    {
        using var s = new Scratch();
        foreach (var value in new[] { "fargate-spot", "FargateSpot", "fargatespot" })
        {
            var run = await InProcessCli.RunAsync("deploy", "render", "--capacity", value, "--out", Path.Combine(s.Dir, value));
            Assert.True(run.ExitCode == 0, $"{value}: {run.Stderr}");
        }
    }

    [Fact]
    public async Task A_renamed_flag_still_works_with_one_deprecation_line()
    {
        var run = await InProcessCli.RunAsync("size", "cost", "--efs-gb", "7", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("warning: --efs-gb is deprecated for 'pypikit size cost'; use --storage-gb", run.Stderr.Trim());
        Assert.Contains("7 GB stored", run.Stdout);
    }

    [Fact]
    public async Task Aws_profiles_are_aws_profile_in_every_command_that_reaches_aws()
    {
        var root = PypiKitCli.BuildRoot();
        foreach (var group in new[] { "analyze", "telemetry", "burst" })
        {
            var options = CommandTree.Commands(root).Where(c => c.Path.Count > 0 && c.Path[0] == group).SelectMany(c => c.Command.Options).ToList();
            Assert.Contains(options, o => o.Name == "--aws-profile");
        }
        var help = await InProcessCli.RunAsync("analyze", "--help");
        Assert.Contains("--aws-profile", help.Stdout);
    }

    [Theory]
    [InlineData("probe")]
    [InlineData("notebook html")]
    [InlineData("analyze synth-alb")]
    public void A_file_to_write_may_exist_already(string command)
    {
        // these --out options name a file that the command replaces: an existing one is no "folder expected" error
        var root = PypiKitCli.BuildRoot();
        var (_, cmd) = CommandTree.Commands(root).Single(c => string.Join(' ', c.Path) == command);
        var option = cmd.Options.Single(o => o.Name == "--out");
        Assert.Equal(PathKind.OutputFile, PathOptions.KindOf(option));
        using var s = new Scratch();
        Assert.Null(PathOptions.Problem(s.Blocker, PathKind.OutputFile));
        Assert.Equal("is a folder; give a file name", PathOptions.Problem(s.Dir, PathKind.OutputFile));
    }
}
