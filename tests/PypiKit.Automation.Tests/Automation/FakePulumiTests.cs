using System.Diagnostics;

namespace PypiKit.Automation.Tests.Automation;

/// <summary>The stand-in refuses what the real CLI refuses — otherwise a test against it proves nothing.</summary>
[Trait("Category", "Slow")]
public class FakePulumiTests
{
    private static (int Code, string Stderr) Run(FakePulumi fake, IDictionary<string, string?> env, params string[] args)
    {
        var psi = new ProcessStartInfo(fake.Executable) { WorkingDirectory = fake.WorkDir, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("PULUMI_CONFIG_PASSPHRASE");
        psi.Environment.Remove("PULUMI_CONFIG_PASSPHRASE_FILE");
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, err);
    }

    private static readonly Dictionary<string, string?> Passphrase = new() { ["PULUMI_CONFIG_PASSPHRASE"] = "correct horse" };

    [Theory]
    [InlineData("up --yes --stack dev --no-such-flag")]
    [InlineData("preview --skip-preview --stack dev")]           // up's flag, not preview's
    [InlineData("up --yes --stack dev --event-log /tmp/x")]      // hidden flag without PULUMI_DEBUG_COMMANDS=true
    [InlineData("config set-all --stack dev --secrets a=b")]
    public void Unknown_flags_are_refused_per_subcommand(string argv)
    {
        using var fake = new FakePulumi();
        fake.InitStack();
        var (code, err) = Run(fake, Passphrase, argv.Split(' '));
        Assert.Equal(255, code);
        Assert.Contains("unknown flag", err);
    }

    [Fact]
    public void A_passphrase_stack_needs_the_right_passphrase()
    {
        using var fake = new FakePulumi();
        fake.WriteProject();
        Assert.Contains("passphrase must be set", Run(fake, new Dictionary<string, string?>(), "stack", "init", "dev").Stderr);
        fake.InitStack();
        Assert.Contains("encryptionsalt: v1:", File.ReadAllText(fake.StackFile("dev")));
        Assert.Contains("passphrase must be set", Run(fake, new Dictionary<string, string?>(), "up", "--yes", "--stack", "dev").Stderr);
        Assert.Contains("incorrect passphrase", Run(fake, new Dictionary<string, string?> { ["PULUMI_CONFIG_PASSPHRASE"] = "wrong" }, "up", "--yes", "--stack", "dev").Stderr);
        Assert.Equal(0, Run(fake, Passphrase, "up", "--yes", "--stack", "dev").Code);
    }

    [Fact]
    public void Up_checks_the_programs_required_config_and_config_set_path_builds_lists()
    {
        using var fake = new FakePulumi();
        fake.WriteProject("config:\n  domainName:\n    type: string\n  alarmEmails:\n    type: array\n    items:\n      type: string\n");
        fake.InitStack();
        Assert.Contains("Missing required configuration variable 'pypikit:domainName'", Run(fake, Passphrase, "up", "--yes", "--stack", "dev").Stderr);
        Assert.Equal(0, Run(fake, Passphrase, "config", "set-all", "--stack", "dev", "--path", "--plaintext", "domainName=pypi.lab.acme.io",
            "--plaintext", "alarmEmails[0]=a@acme.io", "--plaintext", "alarmEmails[1]=b@acme.io").Code);
        Assert.Contains("- b@acme.io", File.ReadAllText(fake.StackFile("dev")));
        Assert.Equal(0, Run(fake, Passphrase, "up", "--yes", "--stack", "dev").Code);
        Assert.Equal(0, Run(fake, Passphrase, "config", "set", "alarmEmails", "--plaintext", "--stack", "dev", "--", "a@acme.io,b@acme.io").Code);
        Assert.Contains("has the wrong type", Run(fake, Passphrase, "up", "--yes", "--stack", "dev").Stderr);
    }
}
