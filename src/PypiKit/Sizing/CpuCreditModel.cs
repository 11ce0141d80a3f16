using PypiKit.Series;
using PypiKit.Units;

namespace PypiKit.Sizing;

/// <summary>T-family credit modes: standard throttles to the baseline at zero credits; unlimited bills surplus credits.</summary>
public enum CpuCreditMode { Standard, Unlimited }

/// <summary>The CPU credit balance of one T-family instance over a CPU-utilisation series.</summary>
public sealed record CpuCreditSimulation
{
    public required string InstanceType { get; init; }
    public required CpuCreditMode Mode { get; init; }
    public required double CreditsPerHour { get; init; }
    /// <summary>Sustainable utilisation of the whole instance (equals the per-vCPU baseline).</summary>
    public required Percent Baseline { get; init; }
    public required double MaxBalance { get; init; }
    public required double StartingBalance { get; init; }
    public required double EndingBalance { get; init; }
    /// <summary>CPUCreditBalance (credits) at every point, as CloudWatch names it.</summary>
    public required TimeSeries Balance { get; init; }
    /// <summary>CPU utilisation actually delivered (capped at the baseline while out of credits in standard mode).</summary>
    public required TimeSeries Delivered { get; init; }
    public DateTimeOffset? DepletedAt { get; init; }
    public TimeSpan? TimeToDepletion { get; init; }
    /// <summary>Standard mode: time spent capped at the baseline.</summary>
    public required TimeSpan ThrottledDuration { get; init; }
    /// <summary>Unlimited mode: credits spent beyond the balance (billed).</summary>
    public required double SurplusCredits { get; init; }
    /// <summary>Unlimited mode: surplus credits × $0.05 per vCPU-hour.</summary>
    public required Usd SurplusCost { get; init; }
}

/// <summary>
/// T-family (burstable) CPU credits. One credit is one vCPU at 100 % for one minute (AWS EC2 burstable docs).
/// An instance earns <see cref="InstanceType.CpuCreditsPerHour"/> credits per hour (data/aws/instance-types.csv) and
/// can bank at most 24 hours of earnings; its baseline is earn rate / (60 × vCPUs).
/// </summary>
public static class CpuCreditModel
{
    /// <summary>Credits bank at most what 24 hours earn (AWS EC2 burstable docs, T3/T3a/T4g).</summary>
    public const double MaxBankedHours = 24;

    /// <summary>Unlimited-mode surplus credits cost $0.05 per vCPU-hour for T3/T3a/T4g Linux (AWS EC2 pricing page).</summary>
    public static readonly Usd SurplusPricePerVcpuHour = new(0.05m);

    /// <summary>Credits earned per hour; an <see cref="InvalidInputException"/> for non-burstable types.</summary>
    public static double EarnRate(InstanceType type) =>
        type.Burstable && type.CpuCreditsPerHour is { } r ? r
            : throw new InvalidInputException("instance_type", $"{type.Name} is not a burstable (T family) type: it has no CPU credits");

    /// <summary>Baseline utilisation of the whole instance: earn rate / (60 × vCPUs), e.g. t3.small 24 / 120 = 20 %.</summary>
    public static Percent Baseline(InstanceType type) => Percent.FromFraction(EarnRate(type) / (60.0 * type.Vcpus));

    /// <summary>Largest balance: 24 hours of earnings (t3.small: 576).</summary>
    public static double MaxBalance(InstanceType type) => EarnRate(type) * MaxBankedHours;

    /// <summary>Net credits per hour at a steady utilisation of the whole instance (negative = draining).</summary>
    public static double NetPerHour(InstanceType type, Percent utilization) =>
        EarnRate(type) - type.Vcpus * utilization.Fraction * 60;

    /// <summary>How long <paramref name="balance"/> lasts at a steady utilisation; null when it does not drain.</summary>
    public static TimeSpan? TimeToDepletion(InstanceType type, Percent utilization, double balance)
    {
        double net = NetPerHour(type, utilization);
        return net >= 0 ? null : TimeSpan.FromHours(balance / -net);
    }

    /// <summary>
    /// Steps the balance over a CPUUtilization series (percent of the whole instance, 0..100). Each point's value holds
    /// until the next point (the last for the previous step's length).
    /// </summary>
    public static CpuCreditSimulation Simulate(InstanceType type, TimeSeries cpuUtilization, double startingBalance = 0,
        CpuCreditMode mode = CpuCreditMode.Standard)
    {
        double earn = EarnRate(type);
        double cap = MaxBalance(type);
        if (startingBalance < 0) throw new InvalidInputException("starting_balance", $"starting_balance must be >= 0 credits, got {startingBalance}");
        if (cpuUtilization.IsEmpty) throw new InvalidInputException("cpu", "the CPU utilisation series is empty");
        var baseline = Baseline(type);
        var points = cpuUtilization.Points.OrderBy(p => p.Time).ToArray();

        double balance = Math.Min(startingBalance, cap), throttled = 0, surplus = 0;
        DateTimeOffset? depletedAt = null;
        var balancePts = new List<TimePoint>(points.Length + 1);
        var deliveredPts = new List<TimePoint>(points.Length);
        for (int i = 0; i < points.Length; i++)
        {
            var (t, u) = (points[i].Time, Math.Clamp(points[i].Value, 0, 100));
            balancePts.Add(new TimePoint(t, balance));
            double dtMin = i + 1 < points.Length ? (points[i + 1].Time - t).TotalMinutes : i > 0 ? (t - points[i - 1].Time).TotalMinutes : 0;
            double delivered = u;
            if (dtMin > 0)
            {
                double net = (earn / 60 - type.Vcpus * u / 100) * dtMin; // credits over the step
                if (net >= 0) balance = Math.Min(cap, balance + net);
                else if (balance + net >= 0) balance += net;
                else
                {
                    double drainPerMin = type.Vcpus * u / 100 - earn / 60;
                    double minutesWithCredits = balance / drainPerMin;
                    depletedAt ??= t + TimeSpan.FromMinutes(minutesWithCredits);
                    if (mode == CpuCreditMode.Standard)
                    {
                        throttled += dtMin - minutesWithCredits;
                        delivered = (u * minutesWithCredits + baseline.Value * (dtMin - minutesWithCredits)) / dtMin;
                    }
                    else surplus += -(balance + net);
                    balance = 0;
                }
            }
            deliveredPts.Add(new TimePoint(t, delivered));
        }
        if (points.Length > 1) balancePts.Add(new TimePoint(points[^1].Time + (points[^1].Time - points[^2].Time), balance));

        return new CpuCreditSimulation
        {
            InstanceType = type.Name,
            Mode = mode,
            CreditsPerHour = earn,
            Baseline = baseline,
            MaxBalance = cap,
            StartingBalance = Math.Min(startingBalance, cap),
            EndingBalance = balance,
            Balance = new TimeSeries("CPUCreditBalance", "Count", balancePts),
            Delivered = new TimeSeries("CPUUtilizationDelivered", "Percent", deliveredPts),
            DepletedAt = depletedAt,
            TimeToDepletion = depletedAt is { } d ? d - points[0].Time : null,
            ThrottledDuration = TimeSpan.FromMinutes(throttled),
            SurplusCredits = surplus,
            // A surplus credit is one vCPU-minute: credits / 60 vCPU-hours.
            SurplusCost = new Usd(Math.Round(SurplusPricePerVcpuHour.Value * (decimal)(surplus / 60), 4)),
        };
    }
}
