using System.Text;

namespace PypiKit.Incidents.Datasets;

/// <summary>Writes timestamped <c>docker stats --no-stream</c> tables every five minutes, one row per container, CPU
/// shared by target weight (what <c>DockerStatsParser</c> reads). Jitter seeded with <c>seed + 5</c>.</summary>
internal static class DockerStatsWriter
{
    public static string Write(StressCurve c)
    {
        var inv = StressCurve.Inv;
        var sc = c.Scenario;
        var sb = new StringBuilder();
        var j = new Random(sc.Seed + 5);
        var weights = c.TargetWeights();
        int n = sc.Containers;
        var ids = Enumerable.Range(0, n).Select(i => $"{(0x3f2c1a9b7e40 + i * 0x1111111):x12}").ToArray();
        var names = Enumerable.Range(0, n).Select(i => $"ecs-pypiserver-3-pypiserver-{(0xd4b8e6f0a2c1 + i * 0x10203):x12}").ToArray();
        for (int i = 0; i < c.Samples; i += c.PerMinute * 5)
        {
            double s = c[i];
            sb.Append(inv, $"{c.TimeAt(i):yyyy-MM-dd HH:mm:ss}\n");
            sb.Append("CONTAINER ID   NAME                                        CPU %     MEM USAGE / LIMIT     MEM %     NET I/O           BLOCK I/O         PIDS\n");
            for (int k = 0; k < n; k++)
            {
                double share = k < weights.Length ? weights[k] * weights.Length : 1;
                double cpu = sc.ContainerCpuPercent.At(s) * share * (0.9 + 0.2 * j.NextDouble());
                double mem = Math.Min(sc.ContainerMemoryMib, sc.ContainerMemoryUsedMib.At(s) * (0.98 + 0.02 * j.NextDouble()));
                string memCol = $"{mem.ToString("0.##", inv)}MiB / {sc.ContainerMemoryMib.ToString("0", inv)}MiB";
                sb.Append(inv, $"{ids[k]}   {names[k],-40}    {cpu.ToString("0.00", inv) + "%",-8}  {memCol,-20}  {(mem / sc.ContainerMemoryMib * 100).ToString("0.00", inv) + "%",-8}  {"1.2" + (k + 4) + "MB / 3" + (8 + k) + ".1MB",-16}  {"231MB / 12.6MB",-16}  {9 + k}\n");
            }
        }
        return sb.ToString();
    }
}
