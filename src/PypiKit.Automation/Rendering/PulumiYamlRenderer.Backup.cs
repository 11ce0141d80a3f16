using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>AWS Backup of the package volume.</summary>
public sealed partial class PulumiYamlRenderer
{
    private void Backup()
    {
        var b = _m.Backup;
        Res("backupVault", "aws:backup:Vault", Map(("name", Str(N("efs-backup"))), ("forceDestroy", Bool(b.ForceDestroy))));
        Res("backupRole", "aws:iam:Role", Map(("namePrefix", Str($"{Svc}-backup-")), ("assumeRolePolicy", AssumeRole("backup.amazonaws.com"))));
        Res("backupRoleBackupPolicy", "aws:iam:RolePolicyAttachment", Map(("role", Ref("backupRole.name")),
            ("policyArn", Str("arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"))));
        Res("backupRoleRestorePolicy", "aws:iam:RolePolicyAttachment", Map(("role", Ref("backupRole.name")),
            ("policyArn", Str("arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores"))));
        Res("backupPlan", "aws:backup:Plan", Map(("name", Str(N("efs"))), ("rules", Seq(Map(
            ("ruleName", Str(b.IntervalHours >= 24 ? "daily_backup" : $"every_{b.IntervalHours}h_backup")), ("targetVaultName", Ref("backupVault.name")), ("schedule", Str(b.Schedule)),
            ("lifecycle", Map(("deleteAfter", Int(b.RetentionDays)))))))));
        Res("backupSelection", "aws:backup:Selection", Map(("name", Str(N("efs"))), ("planId", Ref("backupPlan.id")),
            ("iamRoleArn", Ref("backupRole.arn")), ("resources", Seq(Ref("efsFileSystem.arn")))));
    }
}
