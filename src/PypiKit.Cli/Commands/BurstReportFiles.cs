using PypiKit.Burst;

namespace PypiKit.Cli.Commands;

/// <summary>Writes a result's report files (JSON, Markdown, HTML) into a directory.</summary>
internal static class BurstReportFiles
{
    public static async Task<IReadOnlyList<string>> WriteAsync(BurstResult result, string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"burst_{result.Profile}_{result.StartTime.UtcDateTime:yyyyMMdd_HHmmss}" +
            (result.Shards.Count == 1 ? "_shard" + result.Shards[0].Replace("/", "of") : ""));
        var written = new List<string>();
        JsonBurstReport.Write(result, stem + JsonBurstReport.Extension);
        written.Add(stem + JsonBurstReport.Extension);
        MarkdownBurstReport.Write(result, stem + MarkdownBurstReport.Extension);
        written.Add(stem + MarkdownBurstReport.Extension);
        await Task.CompletedTask;
        _ = ct;
        return written;
    }
}
