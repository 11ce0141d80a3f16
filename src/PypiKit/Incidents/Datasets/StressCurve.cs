using System.Globalization;

namespace PypiKit.Incidents.Datasets;

/// <summary>
/// The shared signal every writer of a generated incident samples: a seeded stress curve in [0, 1] on the vmstat grid
/// (a ramp, a Gaussian peak at <see cref="IncidentScenario.PeakAt"/> and AR(1) noise), and the host row (vmstat's
/// columns) the scenario's calm-to-peak ranges give at a stress level.
/// </summary>
internal sealed class StressCurve
{
    internal static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private readonly double[] _stress;

    public StressCurve(IncidentScenario sc)
    {
        Scenario = sc;
        var rng = new Random(sc.Seed);
        Interval = sc.VmstatIntervalSeconds;
        PerMinute = Math.Max(1, 60 / Interval);
        int k = (int)((sc.End - sc.Start).TotalSeconds / Interval);
        var raw = new double[k + 1];
        double e = 0;
        for (int i = 0; i <= k; i++)
        {
            double u = (double)i / k;
            e = 0.75 * e + 0.25 * Gauss(rng) * 0.35;
            double z = (u - sc.PeakAt) / sc.PeakWidth;
            raw[i] = 0.35 * Math.Min(1, u * 6) + Math.Exp(-z * z) + e;
        }
        int arg = Array.IndexOf(raw, raw.Max());
        int peak = Math.Min(k - k % PerMinute, PerMinute * (int)Math.Round((double)arg / PerMinute));
        raw[peak] = raw.Max() + 0.02;
        double lo = raw.Min(), hi = raw.Max();
        _stress = raw.Select(x => (x - lo) / (hi - lo)).ToArray();
    }

    public IncidentScenario Scenario { get; }

    /// <summary>Seconds between grid samples (the vmstat interval).</summary>
    public int Interval { get; }

    /// <summary>Grid samples per minute (at least one).</summary>
    public int PerMinute { get; }

    public int Samples => _stress.Length;

    /// <summary>Stress at grid sample <paramref name="i"/>.</summary>
    public double this[int i] => _stress[i];

    /// <summary>The first grid sample at exactly <paramref name="stress"/> (0: the calmest, 1: the peak), or -1.</summary>
    public int IndexOf(double stress) => Array.IndexOf(_stress, stress);

    public DateTimeOffset TimeAt(int i) => Scenario.Start.AddSeconds(i * Interval);

    /// <summary>A standard normal draw (Box–Muller) from <paramref name="r"/>.</summary>
    public static double Gauss(Random r)
    {
        double u1 = 1 - r.NextDouble(), u2 = r.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Stress at time t (linear between grid samples).</summary>
    public double StressAt(DateTimeOffset t)
    {
        double x = (t - Scenario.Start).TotalSeconds / Interval;
        if (x <= 0) return _stress[0];
        if (x >= Samples - 1) return _stress[^1];
        int i = (int)x;
        return _stress[i] + (_stress[i + 1] - _stress[i]) * (x - i);
    }

    /// <summary>The largest stress within [t, t + window).</summary>
    public double MaxStress(DateTimeOffset t, TimeSpan window)
    {
        double m = double.NaN;
        for (int i = 0; i < Samples; i++)
        {
            var ti = TimeAt(i);
            if (ti >= t && ti < t + window) m = double.IsNaN(m) ? _stress[i] : Math.Max(m, _stress[i]);
        }
        return double.IsNaN(m) ? StressAt(t) : m;
    }

    /// <summary>CPU follows stress up to <see cref="IncidentScenario.CpuAtPeakFraction"/> of the way, then falls back
    /// (a host stalled on I/O does less work at the peak).</summary>
    public double Hump(double s)
    {
        double f = Scenario.CpuAtPeakFraction;
        if (f >= 1) return s;
        double a = 2 * (1 + Math.Sqrt(1 - f));
        return Math.Clamp(a * s - a * a * s * s / 4, 0, 1);
    }

    /// <summary>The grid samples on whole minutes (what free, sar and iostat captures print).</summary>
    public IEnumerable<int> MinuteIndices() => Enumerable.Range(0, Samples).Where(i => i % PerMinute == 0);

    /// <summary>Each target's share of the requests (the scenario's weights normalised, or equal).</summary>
    public double[] TargetWeights()
    {
        var w = Scenario.TargetWeights?.ToArray() ?? Enumerable.Repeat(1.0, Scenario.Targets.Count).ToArray();
        double sum = w.Sum();
        return w.Select(x => x / sum).ToArray();
    }

    /// <summary>The sysstat banner sar and iostat print first.</summary>
    public string SysstatBanner =>
        $"Linux 6.1.158-180.294.amzn2023.x86_64 (ip-10-0-1-23.{Scenario.Region}.compute.internal) \t{Scenario.Start:MM/dd/yyyy} \t_x86_64_\t({Scenario.Vcpus} CPU)\n\n";

    /// <summary>The host's vmstat columns at stress <paramref name="s"/>; <paramref name="jitter"/> adds the noise.</summary>
    public HostRow Row(double s, Random jitter)
    {
        var sc = Scenario;
        double h = Hump(s);
        int wa = (int)Math.Round(sc.IoWait.At(s));
        int us = (int)Math.Round(sc.User.At(h)), sy = (int)Math.Round(sc.System.At(h)), st = (int)Math.Round(sc.Steal.At(s));
        int id = 100 - us - sy - wa - st;
        while (id < 0 && us > 0) { us--; id++; }
        int si = (int)Math.Round(sc.SwapInKiBs.At(Math.Pow(s, 1.5))), so = (int)Math.Round(sc.SwapOutKiBs.At(Math.Pow(s, 1.5)));
        double used = sc.UsedMib.At(s), free = sc.FreeMib.At(s);
        long buff = 2048 + jitter.Next(0, 512);
        long bc = (long)Math.Round((sc.MemoryMib - used - free) * 1024);
        return new HostRow((int)Math.Round(2 * h + jitter.NextDouble()), (int)Math.Round(0.3 + 5 * s * jitter.NextDouble() + 2 * s),
            (long)Math.Round(sc.SwapUsedMib.At(s) * 1024), (long)Math.Round(free * 1024), buff, Math.Max(0, bc - buff),
            si, so, si + 150 + jitter.Next(0, 900), so + 40 + jitter.Next(0, 160), 280 + (int)(900 * s) + jitter.Next(0, 120),
            450 + (int)(1600 * s) + jitter.Next(0, 200), us, sy, id, wa, st);
    }
}

/// <summary>One vmstat row: procs, memory (KiB), swap and io (KiB/s), system and CPU (%).</summary>
internal readonly record struct HostRow(int R, int B, long Swpd, long Free, long Buff, long Cache, int Si, int So, int Bi, int Bo, int In, int Cs,
    int Us, int Sy, int Id, int Wa, int St);
