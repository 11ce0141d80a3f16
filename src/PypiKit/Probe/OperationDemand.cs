namespace PypiKit.Probe;

/// <summary>The operations of the pip chain a probe times, by the names a calibration file uses.</summary>
public static class ProbeOperations
{
    /// <summary>GET <c>/&lt;project&gt;/</c>, answered by a redirect to the listing (not followed).</summary>
    public const string Redirect = "redirect";
    /// <summary>GET <c>/simple/&lt;project&gt;/</c>: the project's file listing (what pip asks first).</summary>
    public const string Listing = "listing";
    /// <summary>GET <c>/simple/</c>: every project.</summary>
    public const string Index = "index";
    /// <summary>GET of one file the listing links to (a wheel).</summary>
    public const string Download = "download";
    /// <summary>POST of a fresh wheel in twine's form.</summary>
    public const string Upload = "upload";

    /// <summary>The pip chain as the burst's pip-install chain runs it: redirect, listing, download, one each.</summary>
    public const string PipChain = "pip_chain";

    public static IReadOnlyList<string> All { get; } = [Redirect, Listing, Index, Download, Upload];
}

/// <summary>
/// The measured cost of one operation at concurrency 1: wall time per request (mean, median, 95th percentile,
/// coefficient of variation) and, where the server's processes were visible, the CPU seconds per request they spent.
/// </summary>
public sealed record OperationDemand
{
    public required string Name { get; init; }
    /// <summary>The path requested (relative to the target).</summary>
    public required string Path { get; init; }
    public required int Requests { get; init; }
    /// <summary>Requests that failed (transport error or an unexpected status); they are not in the timings.</summary>
    public required int Errors { get; init; }
    public required double MeanSeconds { get; init; }
    public required double P50Seconds { get; init; }
    public required double P95Seconds { get; init; }
    /// <summary>Standard deviation / mean of the wall times.</summary>
    public required double Cv { get; init; }
    /// <summary>Server CPU seconds per request (utime + stime of the server processes), when visible.</summary>
    public double? ServerCpuSeconds { get; init; }
    /// <summary>CPU seconds per request of the probing process itself (the client; and an in-process balancer or server).</summary>
    public required double ClientCpuSeconds { get; init; }

    /// <summary>Wall-time statistics of a sample (seconds), errors counted apart.</summary>
    public static OperationDemand FromSamples(string name, string path, IReadOnlyList<double> seconds, int errors, double? serverCpu, double clientCpu)
    {
        var sorted = seconds.Order().ToArray();
        double mean = sorted.Length == 0 ? 0 : sorted.Average();
        double sd = sorted.Length < 2 ? 0 : Math.Sqrt(sorted.Sum(s => (s - mean) * (s - mean)) / (sorted.Length - 1));
        return new OperationDemand
        {
            Name = name,
            Path = path,
            Requests = sorted.Length + errors,
            Errors = errors,
            MeanSeconds = mean,
            P50Seconds = Percentile(sorted, 0.50),
            P95Seconds = Percentile(sorted, 0.95),
            Cv = mean > 0 ? sd / mean : 0,
            ServerCpuSeconds = serverCpu,
            ClientCpuSeconds = clientCpu,
        };
    }

    /// <summary>Nearest-rank percentile of sorted values (0 for none).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
