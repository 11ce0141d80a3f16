using PypiKit.Burst;
using PypiKit.Burst.Reports;

namespace PypiKit.Cli.Commands;

/// <summary>Writes a result's report files (JSON, Markdown, HTML) into a directory.</summary>
internal static class BurstReportFiles
{
    public static async Task<IReadOnlyList<string>> WriteAsync(BurstResult result, string directory, CancellationToken ct, ModelComparison? comparison = null)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"burst_{result.Profile}_{result.StartTime.UtcDateTime:yyyyMMdd_HHmmss}" +
            (result.Shards.Count == 1 ? "_shard" + result.Shards[0].Replace("/", "of") : ""));
        JsonBurstReport.Write(result, stem + JsonBurstReport.Extension);
        MarkdownBurstReport.Write(result, stem + MarkdownBurstReport.Extension);
        await HtmlBurstReport.WriteAsync(result, stem + HtmlBurstReport.Extension, comparison, ct);
        return [stem + JsonBurstReport.Extension, stem + MarkdownBurstReport.Extension, stem + HtmlBurstReport.Extension];
    }
}
