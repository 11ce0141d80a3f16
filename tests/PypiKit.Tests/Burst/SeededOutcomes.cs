using PypiKit.Burst;

namespace PypiKit.Tests.Burst;

/// <summary>Fills an <see cref="OutcomeTally"/> the way the engine does for one request, for tests that build results from seeded data.</summary>
internal static class SeededOutcomes
{
    /// <summary>One request of <paramref name="latencyMicros"/>: a 200 when <paramref name="ok"/>, else a 503 counted as a 5xx error.</summary>
    public static void Record(OutcomeTally t, long latencyMicros, long serviceMicros, long latenessMicros, bool ok)
    {
        t.Count++;
        t.HttpRequests++;
        t.ServiceTime.Record(serviceMicros);
        t.SendLateness.Record(latenessMicros);
        if (ok)
        {
            t.Successes++;
            t.Latency.Record(latencyMicros);
            t.StatusCodes["200"] = t.StatusCodes.GetValueOrDefault("200") + 1;
        }
        else
        {
            t.FailureLatency.Record(latencyMicros);
            t.Errors[ErrorClass.Http5xx.Name()] = t.Errors.GetValueOrDefault(ErrorClass.Http5xx.Name()) + 1;
            t.StatusCodes["503"] = t.StatusCodes.GetValueOrDefault("503") + 1;
        }
    }
}
