namespace PypiKit.Burst;

/// <summary>Why a run ended (<see cref="BurstResult.StopReason"/>), and how reports say it.</summary>
public static class StopReasons
{
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string MaxRequests = "max_requests";
    /// <summary>The hard time limit (duration + grace) passed; requests still in flight were counted as timed out.</summary>
    public const string DurationLimit = "duration_limit";
    /// <summary>Repeated 401/403 answers: the credentials are refused, going on would only measure refusals.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>One phrase for reports: "completed", "stopped at the duration limit", ….</summary>
    public static string Describe(string reason) => reason switch
    {
        Completed => "completed",
        Cancelled => "interrupted (Ctrl+C or a termination signal): the report holds what ran",
        MaxRequests => "stopped at the request budget (--max-requests)",
        DurationLimit => "stopped at the duration limit (requests still in flight counted as timed out)",
        Unauthorized => "stopped early: the server refused the credentials (repeated 401/403) — check --user and the password",
        _ => reason,
    };
}
