using PypiKit.Automation.Deployment;
using PypiKit.Automation.Model;
using PypiKit.Automation.Rendering;

namespace PypiKit.Automation.Tests.Automation;

/// <summary>Backup frequency, the EFS replica, the recovery objectives each configuration achieves and the runbook.</summary>
public class RecoveryTests
{
    private static StackModel Model(StackOptions o) => StackModel.FromPlan(StackVariants.ReferencePlan, o);

    [Fact]
    public void The_default_backs_up_daily_so_the_rpo_is_a_day()
    {
        var o = Assert.Single(Recovery.Objectives(Model(new StackOptions())));
        Assert.Equal(TimeSpan.FromHours(24), o.Rpo);
        Assert.Contains("cron(0 2 * * ? *)", PulumiYamlRenderer.Render(Model(new StackOptions()), "dev").ProjectYaml);
    }

    [Fact]
    public void Hourly_backups_and_a_replica_give_two_paths_and_render_both()
    {
        var m = Model(new StackOptions { BackupIntervalHours = 1, ReplicaRegion = "us-west-2" });
        var objectives = Recovery.Objectives(m);
        Assert.Equal(TimeSpan.FromHours(1), objectives[0].Rpo);
        Assert.Contains("TimeSinceLastSync", objectives[1].RpoText);
        var yaml = PulumiYamlRenderer.Render(m, "dev").ProjectYaml;
        Assert.Contains("cron(0 0/1 * * ? *)", yaml);
        Assert.Contains("type: aws:efs:ReplicationConfiguration", yaml);
        Assert.Contains("region: us-west-2", yaml);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(0)]
    public void Intervals_that_do_not_divide_a_day_are_refused(int hours) =>
        Assert.Equal("backup_interval_hours", Assert.Throws<InvalidInputException>(() => Model(new StackOptions { BackupIntervalHours = hours })).Input);

    [Fact]
    public void The_replica_must_be_in_another_region() =>
        Assert.Equal("replica_region", Assert.Throws<InvalidInputException>(() => Model(new StackOptions { ReplicaRegion = "us-east-1" })).Input);

    [Fact]
    public void The_runbook_has_the_restore_and_failover_commands_for_the_stack()
    {
        var book = Recovery.Runbook(Model(new StackOptions { ReplicaRegion = "eu-west-1" }), "prod");
        Assert.Contains("aws backup start-restore-job", book);
        Assert.Contains("--backup-vault-name pypiserver-prod-efs-backup", book);
        Assert.Contains("pulumi stack output efsFileSystemId --stack prod", book);
        Assert.Contains("aws efs delete-replication-configuration", book);
        Assert.Contains("--region eu-west-1", book);
        Assert.DoesNotContain("start-restore-job", Recovery.Runbook(Model(new StackOptions { Backup = false }), "dev"));
    }
}
