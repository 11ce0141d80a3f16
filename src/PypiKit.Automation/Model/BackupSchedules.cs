using System.Globalization;

namespace PypiKit.Automation.Model;

/// <summary>AWS Backup schedules for a recovery point every N hours (AWS Backup's shortest EFS interval is one hour).</summary>
public static class BackupSchedules
{
    /// <summary>Intervals that divide a day evenly, so every day has the same recovery points.</summary>
    public static readonly int[] IntervalsHours = [1, 2, 3, 4, 6, 8, 12, 24];

    /// <summary>Daily at 02:00 UTC (the reference's schedule) or every N hours from midnight UTC.</summary>
    public static string Cron(int intervalHours) => intervalHours >= 24
        ? "cron(0 2 * * ? *)"
        : $"cron(0 0/{intervalHours.ToString(CultureInfo.InvariantCulture)} * * ? *)";
}
