using PypiKit.Charts;

namespace PypiKit.Burst.Reports;

/// <summary>
/// Writes a result's report files (JSON, Markdown, HTML, HdrHistogram interval log) into a directory, named
/// <c>burst_&lt;profile&gt;_&lt;start&gt;[_shard&lt;i&gt;of&lt;n&gt;]</c>: the CLI's <c>burst</c>, a notebook or a script write the same folder.
/// </summary>
public static class BurstReportFiles
{
    /// <summary>The path every file of <paramref name="result"/>'s report shares, without its extension.</summary>
    public static string Stem(BurstResult result, string directory) =>
        Path.Combine(directory, $"burst_{result.Profile}_{result.StartTime.UtcDateTime:yyyyMMdd_HHmmss}" +
                                (result.Shards.Count == 1 ? "_shard" + result.Shards[0].Replace("/", "of", StringComparison.Ordinal) : ""));

    /// <summary>Writes the four report files; the HTML one appends <paramref name="more"/> after its charts (the stack's AWS panels).</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(BurstResult result, string directory, ModelComparison? comparison = null,
        IReadOnlyList<ReportBlock>? more = null, CancellationToken ct = default)
    {
        Directory.CreateDirectory(directory);
        var stem = Stem(result, directory);
        JsonBurstReport.Write(result, stem + JsonBurstReport.Extension);
        MarkdownBurstReport.Write(result, stem + MarkdownBurstReport.Extension);
        HlogBurstReport.Write(result, stem + HlogBurstReport.Extension);
        await HtmlBurstReport.WriteAsync(result, stem + HtmlBurstReport.Extension, comparison, more, ct).ConfigureAwait(false);
        return [stem + JsonBurstReport.Extension, stem + MarkdownBurstReport.Extension, stem + HlogBurstReport.Extension, stem + HtmlBurstReport.Extension];
    }
}
