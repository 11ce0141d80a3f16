namespace PypiKit.Cli.Tests;

/// <summary>Help, unknown words and the module list, in-process.</summary>
public class HelpTests
{
    [Fact]
    public async Task Root_help_describes_the_tool_and_exits_zero()
    {
        var run = await InProcessCli.RunAsync("--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("sandbox", run.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("pypikit [command] [options]", run.Stdout);
        Assert.Contains("--no-color", run.Stdout);
    }

    [Fact]
    public async Task Pypikit_alone_prints_the_root_help_and_exits_zero()
    {
        var bare = await InProcessCli.RunAsync();
        var help = await InProcessCli.RunAsync("--help");
        Assert.Equal(0, bare.ExitCode);
        Assert.Equal(help.Stdout, bare.Stdout);
        Assert.Equal("", bare.Stderr);
    }

    [Fact]
    public async Task Every_command_group_has_help_with_an_example()
    {
        foreach (var group in new[] { "size", "sandbox", "corpus", "burst", "lab", "analyze", "telemetry", "deploy", "campaign", "chart", "notebook", "repl" })
        {
            var run = await InProcessCli.RunAsync(group, "--help");
            Assert.True(run.ExitCode == 0, $"{group} --help exited {run.ExitCode}: {run.Stderr}");
            Assert.Contains($"pypikit {group}", run.Stdout);
        }
    }

    [Fact]
    public async Task Enum_defaults_are_shown_as_they_are_typed_and_help_fits_the_console()
    {
        var run = await InProcessCli.RunAsync("campaign", "--help");
        Assert.Equal(0, run.ExitCode);
        var flat = System.Text.RegularExpressions.Regex.Replace(run.Stdout, @"\s+", " "); // a default may be wrapped onto the next line
        Assert.Contains("[default: target-tracking]", flat);
        Assert.Contains("[default: elastic]", flat);
        Assert.Contains("[default: ec2]", flat);
        Assert.DoesNotContain("TargetTracking", flat);
        Assert.DoesNotContain("[default: Elastic]", flat);
        // the console is 160 columns: help wraps there (a typed default may be a letter or two longer than the name it replaced)
        var lines = run.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.All(lines, l => Assert.True(l.Length <= 165, $"{l.Length} columns: {l}"));
        Assert.Contains(lines, l => l.Length > 120);
    }

    [Fact]
    public async Task An_unknown_command_is_bad_input_with_a_suggestion()
    {
        var run = await InProcessCli.RunAsync("sandboxx");
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("'sandboxx'. Did you mean 'sandbox'?", run.Stderr);
        Assert.DoesNotContain("Required command", run.Stderr);

        var far = await InProcessCli.RunAsync("no-such-command");
        Assert.Equal(ExitCodes.BadInput, far.ExitCode);
        Assert.Contains("no-such-command", far.Stderr);
        Assert.DoesNotContain("Did you mean", far.Stderr);
    }

    [Fact]
    public async Task A_misspelt_option_gets_the_nearest_option_of_its_command()
    {
        var run = await InProcessCli.RunAsync("burst", "--aws-profle", "prod");
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("Did you mean '--aws-profile'?", run.Stderr);
        Assert.Contains("(see 'pypikit burst --help')", run.Stderr);
    }

    [Fact]
    public void Every_module_in_the_assembly_is_in_the_explicit_list()
    {
        var listed = CliModules.All().Select(m => m.GetType()).ToHashSet();
        var implemented = typeof(ICliModule).Assembly.GetTypes()
            .Where(t => typeof(ICliModule).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false });
        Assert.All(implemented, t => Assert.Contains(t, listed));
    }
}
