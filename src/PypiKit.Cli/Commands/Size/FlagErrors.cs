namespace PypiKit.Cli.Commands.Size;

/// <summary>
/// The library names bad input by its field (<c>container_memory</c>, <c>hosted_zone_id</c>); the CLI says the flag as
/// the user typed it (<c>--container-memory</c>, <c>--zone-id</c>). One table per command family, used for validation
/// errors and preflight findings alike.
/// </summary>
internal static class FlagErrors
{
    /// <summary>Runs <paramref name="work"/>; an <see cref="InvalidInputException"/> for a known field is rethrown naming its flag.</summary>
    public static T Named<T>(IReadOnlyDictionary<string, string> flags, Func<T> work)
    {
        try { return work(); }
        catch (InvalidInputException ex) when (flags.ContainsKey(ex.Input)) { throw Rename(ex, flags); }
    }

    public static InvalidInputException Rename(InvalidInputException ex, IReadOnlyDictionary<string, string> flags)
    {
        var flag = flags[ex.Input];
        var message = ex.Message.Contains(ex.Input, StringComparison.Ordinal) ? ex.Message.Replace(ex.Input, flag, StringComparison.Ordinal) : $"{flag}: {ex.Message}";
        return new InvalidInputException(flag, message, ex);
    }

    /// <summary>The flag for <paramref name="input"/>, or the input itself when no flag sets it.</summary>
    public static string FlagOf(IReadOnlyDictionary<string, string> flags, string input) => flags.TryGetValue(input, out var f) ? f : input;

    /// <summary>The sizing fields (SizingInputs, the catalogue) and their flags.</summary>
    public static readonly IReadOnlyDictionary<string, string> Sizing = new Dictionary<string, string>
    {
        ["asg_instance_type"] = "--instance", ["instance_type"] = "--instance", ["asg_min_size"] = "--instances",
        ["container_memory"] = "--container-memory", ["container_memory_reservation"] = "--reservation", ["container_cpu"] = "--container-cpu",
        ["gunicorn_workers"] = "--workers", ["task_min_count"] = "--task-min", ["task_max_count"] = "--task-max", ["asg_max_size"] = "--asg-max",
        ["host_memory"] = "--host-memory", ["system_overhead_mb"] = "--system-overhead", ["page_cache_mb"] = "--page-cache", ["catalog"] = "--catalog",
    };
}
