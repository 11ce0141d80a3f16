namespace PypiKit.Burst;

/// <summary>
/// When the k-th arrival (0-based) of an open-model run is due, seconds from the start: k / rate for a constant
/// rate; for stages, the time at which the integral of the piecewise-linear rate reaches k. Pure and allocation-free,
/// so every connection computes its own schedule.
/// </summary>
public sealed class ArrivalPlan
{
    private readonly double[] _stageStart;    // seconds
    private readonly double[] _stageCount;    // arrivals before the stage
    private readonly double[] _r0;
    private readonly double[] _slope;
    private readonly double[] _length;

    public ArrivalPlan(double startRate, IReadOnlyList<RateStage> stages)
    {
        var n = stages.Count;
        _stageStart = new double[n]; _stageCount = new double[n]; _r0 = new double[n]; _slope = new double[n]; _length = new double[n];
        double t = 0, count = 0, rate = startRate;
        for (var i = 0; i < n; i++)
        {
            var s = stages[i];
            _stageStart[i] = t; _stageCount[i] = count; _r0[i] = rate; _length[i] = s.DurationSeconds;
            _slope[i] = (s.TargetRate - rate) / s.DurationSeconds;
            count += (rate + s.TargetRate) / 2 * s.DurationSeconds;
            t += s.DurationSeconds;
            rate = s.TargetRate;
        }
        DurationSeconds = t;
        TotalArrivals = (long)Math.Floor(count + 1e-9);
    }

    public static ArrivalPlan Constant(double rate, double durationSeconds) => new(rate, [new RateStage(durationSeconds, rate)]);

    public static ArrivalPlan For(BurstProfile p) => p.Executor == ExecutorKind.RampingArrivalRate
        ? new ArrivalPlan(p.StartRate, p.Stages)
        : Constant(p.Rate, p.DurationSeconds);

    public double DurationSeconds { get; }
    /// <summary>Arrivals the whole plan holds.</summary>
    public long TotalArrivals { get; }

    /// <summary>Due time of arrival k, seconds; +∞ when the plan holds fewer arrivals.</summary>
    public double TimeOf(long k)
    {
        if (k >= TotalArrivals) return double.PositiveInfinity;
        var i = Array.BinarySearch(_stageCount, (double)k);
        if (i < 0) i = ~i - 1;
        // Skip zero-length (zero-rate) stages that end where the next begins.
        while (i + 1 < _stageCount.Length && _stageCount[i + 1] <= k) i++;
        var need = k - _stageCount[i];
        double dt;
        if (Math.Abs(_slope[i]) < 1e-12) dt = _r0[i] > 0 ? need / _r0[i] : 0;
        else
        {
            var disc = _r0[i] * _r0[i] + 2 * _slope[i] * need;
            dt = (-_r0[i] + Math.Sqrt(Math.Max(0, disc))) / _slope[i];
        }
        return _stageStart[i] + Math.Clamp(dt, 0, _length[i]);
    }
}
