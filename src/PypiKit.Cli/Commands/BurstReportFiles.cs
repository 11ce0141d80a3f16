using PypiKit.Burst;
using PypiKit.Burst.Reports;
using PypiKit.Charts;

namespace PypiKit.Cli.Commands;

/// <summary>Writes a result's report files (JSON, Markdown, HTML, HdrHistogram interval log) into a directory.</summary>
internal static class BurstReportFiles
{
    /// <summary>
    /// Checks, before any work, that reports can be written under <paramref name="directory"/>: it, or the nearest folder
    /// above it that exists, must be a writable directory (a probe file is written there and removed; nothing is created
    /// until the reports are written); otherwise one line naming <paramref name="flag"/> (exit 2). Returns the directory.
    /// </summary>
    public static string CheckWritable(string directory, string flag)
    {
        try
        {
            var full = Path.GetFullPath(directory);
            var existing = full;
            while (!Directory.Exists(existing))
            {
                if (File.Exists(existing)) throw new IOException($"'{existing}' is a file, not a directory");
                existing = Path.GetDirectoryName(existing) ?? throw new IOException("no existing folder above it");
            }
            var probe = Path.Combine(existing, $".pypikit-write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return directory;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidInputException(flag, $"{flag} '{directory}': cannot write reports there ({e.Message})");
        }
    }

    /// <summary>Writes the four report files; the HTML one appends <paramref name="more"/> after its charts (the stack's AWS panels).</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(BurstResult result, string directory, CancellationToken ct, ModelComparison? comparison = null,
        IReadOnlyList<ReportBlock>? more = null)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"burst_{result.Profile}_{result.StartTime.UtcDateTime:yyyyMMdd_HHmmss}" +
            (result.Shards.Count == 1 ? "_shard" + result.Shards[0].Replace("/", "of") : ""));
        JsonBurstReport.Write(result, stem + JsonBurstReport.Extension);
        MarkdownBurstReport.Write(result, stem + MarkdownBurstReport.Extension);
        HlogBurstReport.Write(result, stem + HlogBurstReport.Extension);
        await HtmlBurstReport.WriteAsync(result, stem + HtmlBurstReport.Extension, comparison, ct, more);
        return [stem + JsonBurstReport.Extension, stem + MarkdownBurstReport.Extension, stem + HlogBurstReport.Extension, stem + HtmlBurstReport.Extension];
    }
}
