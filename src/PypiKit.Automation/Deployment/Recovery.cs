using System.Text;
using PypiKit.Automation.Model;

namespace PypiKit.Automation.Deployment;

/// <summary>One way to get the package volume back, with what it achieves.</summary>
/// <param name="Path">Backup restore or replica failover.</param>
/// <param name="Rpo">Data that can be lost, as a bound when one follows from the configuration.</param>
/// <param name="RpoText">How the RPO is reached or measured.</param>
/// <param name="RtoText">What the time to recover consists of (AWS publishes no fixed restore duration: time a drill).</param>
public sealed record RecoveryObjective(string Path, TimeSpan? Rpo, string RpoText, string RtoText);

/// <summary>
/// The recovery objectives a configuration achieves (printed by <c>deploy render</c>) and the runbook that reaches them
/// (<c>deploy restore-plan</c>). Only the package volume needs recovering: everything else is re-created by <c>up</c>,
/// and the credentials live in Secrets Manager.
/// </summary>
public static class Recovery
{
    public static IReadOnlyList<RecoveryObjective> Objectives(StackModel m)
    {
        var list = new List<RecoveryObjective>();
        if (m.Backup.Enabled)
            list.Add(new("AWS Backup restore", TimeSpan.FromHours(m.Backup.IntervalHours),
                $"at most {m.Backup.IntervalHours} h of uploads (a recovery point every {m.Backup.IntervalHours} h, kept {m.Backup.RetentionDays} days)",
                "the restore job (grows with the volume's size) + copying the restored directory into /packages; time it with a drill"));
        if (m.Storage.ReplicaRegion is { } replica)
            list.Add(new($"failover to the EFS replica in {replica}", null,
                "the replication lag: watch the AWS/EFS metric TimeSinceLastSync of the source file system",
                $"deleting the replication (the replica becomes writable) + 'pypikit deploy up --region {replica}' + copying the replica's /packages into the new stack's volume"));
        if (list.Count == 0)
            list.Add(new("none", null, "everything uploaded since the stack was created: no backup, no replica", "none: the packages must be uploaded again"));
        return list;
    }

    /// <summary>The Markdown runbook with the commands for <paramref name="stackName"/>.</summary>
    public static string Runbook(StackModel m, string stackName)
    {
        var region = m.Region;
        var vault = $"{m.ServiceName}-{stackName}-efs-backup";
        var sb = new StringBuilder();
        sb.Append($"# Restoring the package volume of stack `{stackName}`\n\n");
        sb.Append("Only the EFS volume holds state; every other resource is re-created by `pypikit deploy up`.\n\n## Recovery objectives\n\n");
        sb.Append("| path | RPO | RTO consists of |\n| --- | --- | --- |\n");
        foreach (var o in Objectives(m)) sb.Append($"| {o.Path} | {o.RpoText} | {o.RtoText} |\n");
        sb.Append("\n## 1. Find the file system\n\n```sh\n");
        sb.Append($"FS_ID=$(pulumi stack output efsFileSystemId --stack {stackName})\n");
        sb.Append($"FS_ARN=arn:aws:elasticfilesystem:{region}:$(aws sts get-caller-identity --query Account --output text):file-system/$FS_ID\n```\n\n");
        if (m.Backup.Enabled)
        {
            sb.Append("## 2. Restore from a recovery point\n\n```sh\n");
            sb.Append($"aws backup list-recovery-points-by-resource --resource-arn \"$FS_ARN\" --region {region} \\\n  --query 'RecoveryPoints[].[CreationDate,RecoveryPointArn,Status]' --output table\n");
            sb.Append("RP_ARN=...   # the newest COMPLETED recovery point before the damage\n");
            sb.Append($"ROLE_ARN=$(aws iam list-roles --query \"Roles[?starts_with(RoleName, '{m.ServiceName}-backup-')].Arn | [0]\" --output text)\n");
            sb.Append($"aws backup get-recovery-point-restore-metadata --backup-vault-name {vault} --recovery-point-arn \"$RP_ARN\" --region {region}\n");
            sb.Append($"JOB=$(aws backup start-restore-job --recovery-point-arn \"$RP_ARN\" --iam-role-arn \"$ROLE_ARN\" --resource-type EFS --region {region} \\\n");
            sb.Append("  --metadata \"file-system-id=$FS_ID,newFileSystem=false,Encrypted=true,PerformanceMode=generalPurpose,CreationToken=restore-$(date +%s)\" \\\n  --query RestoreJobId --output text)\n");
            sb.Append($"aws backup describe-restore-job --restore-job-id \"$JOB\" --region {region} --query '[Status,PercentDone]'   # repeat until COMPLETED\n```\n\n");
            sb.Append("The restore writes into a directory `aws-backup-restore_<timestamp>` at the file system's root. From a host in a private subnet\n");
            sb.Append("that may mount the volume (the file system policy requires TLS and the task role through the access point, so use an\n");
            sb.Append("identity the policy allows), copy it back and let the tasks see it:\n\n```sh\n");
            sb.Append("sudo mount -t efs -o tls,iam \"$FS_ID\":/ /mnt/efs\nsudo rsync -a /mnt/efs/aws-backup-restore_*/packages/ /mnt/efs/packages/\nsudo chown -R 9898:9898 /mnt/efs/packages\n```\n\n");
        }
        if (m.Storage.ReplicaRegion is { } replica)
        {
            sb.Append($"## 3. Fail over to the replica in {replica}\n\n```sh\n");
            sb.Append($"aws efs describe-replication-configurations --file-system-id \"$FS_ID\" --region {region} \\\n  --query 'Replications[0].Destinations[0].[FileSystemId,Status,LastReplicatedTimestamp]'\n");
            sb.Append("REPLICA_ID=...   # the destination file system id above\n");
            sb.Append($"aws efs delete-replication-configuration --source-file-system-id \"$FS_ID\" --region {region}   # the replica becomes writable\n");
            sb.Append($"pypikit deploy up --stack {stackName}-{replica} --region {replica} <the flags of the original stack>\n");
            sb.Append("# then copy the replica's /packages into the new stack's volume (as in step 2) and point DNS at the new stack\n```\n");
        }
        return sb.ToString();
    }
}
