using PypiKit.Series;
using PypiKit.Units;

namespace PypiKit.Sizing;

/// <summary>EFS throughput modes (the reference module's <c>efs_throughput_mode</c>; default elastic).</summary>
public enum EfsThroughputMode { Bursting, Elastic, Provisioned }

/// <summary>Inputs of <see cref="EfsCreditModel.Simulate"/>: a storage size and throughput series in bytes per second.</summary>
public sealed record EfsSimulationInputs
{
    /// <summary>Data stored in EFS Standard (sets the baseline and burst rates).</summary>
    public required Bytes Storage { get; init; }

    /// <summary>Read throughput over time, bytes per second (metered at one third).</summary>
    public TimeSeries? Reads { get; init; }

    /// <summary>Write (and metadata) throughput over time, bytes per second (metered in full).</summary>
    public TimeSeries? Writes { get; init; }

    /// <summary>Credit balance at the first point; null = a new file system's 2.1 TiB.</summary>
    public Bytes? StartingCredits { get; init; }

    /// <summary>
    /// Reads a throughput file: CSV with a header <c>time,read_bytes_per_second,write_bytes_per_second</c> (ISO 8601 times;
    /// either throughput column may be absent). Errors name the file and line.
    /// </summary>
    public static EfsSimulationInputs FromCsv(string path, Bytes storage, Bytes? startingCredits = null)
    {
        var table = CsvTable.ReadFile(path);
        table.Require("time");
        var reads = new List<TimePoint>();
        var writes = new List<TimePoint>();
        foreach (var row in table.Rows)
        {
            var raw = table.Get(row, "time");
            if (!DateTimeOffset.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t))
                throw new InvalidInputException(path, $"{path} line {row.Line}: time '{raw}' is not an ISO 8601 time");
            if (table.Has("read_bytes_per_second")) reads.Add(new TimePoint(t, table.TryGetDouble(row, "read_bytes_per_second") ?? 0));
            if (table.Has("write_bytes_per_second")) writes.Add(new TimePoint(t, table.TryGetDouble(row, "write_bytes_per_second") ?? 0));
        }
        return new EfsSimulationInputs
        {
            Storage = storage,
            StartingCredits = startingCredits,
            Reads = reads.Count > 0 ? new TimeSeries("DataReadIOBytes", "Bytes/Second", reads.OrderBy(p => p.Time).ToArray()) : null,
            Writes = writes.Count > 0 ? new TimeSeries("DataWriteIOBytes", "Bytes/Second", writes.OrderBy(p => p.Time).ToArray()) : null,
        }.Validate();
    }

    public EfsSimulationInputs Validate()
    {
        if (Storage.Value < 0) throw new InvalidInputException("storage", $"storage must be >= 0 bytes, got {Storage.Value}");
        if ((Reads is null || Reads.IsEmpty) && (Writes is null || Writes.IsEmpty))
            throw new InvalidInputException("throughput", "give a read or a write throughput series (bytes per second)");
        if (StartingCredits is { Value: < 0 }) throw new InvalidInputException("starting_credits", "starting_credits must be >= 0 bytes");
        return this;
    }
}

/// <summary>The credit balance over a throughput series.</summary>
public sealed record EfsCreditSimulation
{
    public required BytesPerSecond Baseline { get; init; }
    public required BytesPerSecond BurstRate { get; init; }
    public required Bytes StartingCredits { get; init; }
    public required Bytes EndingCredits { get; init; }
    public required Bytes MinimumCredits { get; init; }
    /// <summary>BurstCreditBalance (bytes) at every point, as CloudWatch names it.</summary>
    public required TimeSeries Balance { get; init; }
    /// <summary>Metered throughput (reads/3 + writes) demanded at every point, bytes per second.</summary>
    public required TimeSeries Metered { get; init; }
    /// <summary>When the balance first reached zero, if it did.</summary>
    public DateTimeOffset? DepletedAt { get; init; }
    /// <summary>From the first point to <see cref="DepletedAt"/>.</summary>
    public TimeSpan? TimeToDepletion { get; init; }
    /// <summary>
    /// When not depleted in the series: how long the ending balance lasts at the series' mean metered rate (null when
    /// the mean is at or below the baseline, i.e. credits do not drain).
    /// </summary>
    public TimeSpan? ProjectedTimeToDepletion { get; init; }
    /// <summary>Time spent throttled to the baseline (demand above it with no credits).</summary>
    public required TimeSpan ThrottledDuration { get; init; }
    /// <summary>Metered bytes demanded but not served while throttled.</summary>
    public required Bytes ThrottledBytes { get; init; }
    public required BytesPerSecond MeanMetered { get; init; }
}

/// <summary>Monthly EFS cost inputs.</summary>
public sealed record EfsCostInputs
{
    public EfsThroughputMode Mode { get; init; } = EfsThroughputMode.Elastic;
    /// <summary>GB stored in Standard.</summary>
    public double StorageGb { get; init; } = 10;
    /// <summary>Share of the data moved to Infrequent Access by the lifecycle policy (0..1; default 0).</summary>
    public double InfrequentAccessFraction { get; init; }
    /// <summary>GB read per month (billed in elastic mode).</summary>
    public double ReadGbPerMonth { get; init; } = 10;
    /// <summary>GB written per month (billed in elastic mode).</summary>
    public double WriteGbPerMonth { get; init; } = 1;
    /// <summary>Provisioned throughput, MiB/s (required in provisioned mode; the module allows 1..3414).</summary>
    public double? ProvisionedMibps { get; init; }

    public EfsCostInputs Validate()
    {
        if (StorageGb < 0) throw new InvalidInputException("efs_storage_gb", $"efs_storage_gb must be >= 0, got {StorageGb}");
        if (InfrequentAccessFraction is < 0 or > 1) throw new InvalidInputException("efs_ia_fraction", $"efs_ia_fraction must be 0..1, got {InfrequentAccessFraction}");
        if (ReadGbPerMonth < 0) throw new InvalidInputException("efs_read_gb", $"efs_read_gb must be >= 0, got {ReadGbPerMonth}");
        if (WriteGbPerMonth < 0) throw new InvalidInputException("efs_write_gb", $"efs_write_gb must be >= 0, got {WriteGbPerMonth}");
        if (Mode == EfsThroughputMode.Provisioned)
        {
            if (ProvisionedMibps is null)
                throw new InvalidInputException("efs_provisioned_throughput_in_mibps", "efs_provisioned_throughput_in_mibps is required when the throughput mode is provisioned");
            if (ProvisionedMibps is < 1 or > 3414)
                throw new InvalidInputException("efs_provisioned_throughput_in_mibps", $"efs_provisioned_throughput_in_mibps must be between 1 and 3414, got {ProvisionedMibps}");
        }
        return this;
    }
}

/// <summary>Monthly EFS cost, split into storage and throughput.</summary>
public sealed record EfsCost(EfsThroughputMode Mode, Usd Storage, Usd Throughput)
{
    public Usd Total => Storage + Throughput;
}

/// <summary>
/// EFS throughput credits (bursting mode) and throughput cost (all modes). Facts from the AWS EFS performance docs,
/// copied into data/aws/README.md of the shared reference: see each constant.
/// </summary>
public static class EfsCreditModel
{
    /// <summary>Baseline metered throughput per GiB of Standard storage in bursting mode: 50 KiB/s (AWS EFS docs).</summary>
    public static readonly BytesPerSecond BaselinePerGib = BytesPerSecond.FromKibibytesPerSecond(50);

    /// <summary>Every bursting file system can burst to at least 100 MiB/s (AWS EFS docs).</summary>
    public static readonly BytesPerSecond MinimumBurstRate = BytesPerSecond.FromMebibytesPerSecond(100);

    /// <summary>Above 1 TiB stored, the burst rate is 100 MiB/s per TiB (AWS EFS docs).</summary>
    public static readonly BytesPerSecond BurstRatePerTib = BytesPerSecond.FromMebibytesPerSecond(100);

    /// <summary>
    /// A new file system starts with 2.1 TiB of burst credits (AWS EFS docs; the reference incident's
    /// BurstCreditBalance showed 2.309e12 bytes = 2.1 TiB). It is also the cap below 1 TiB stored.
    /// </summary>
    public static readonly Bytes StartingCredits = Bytes.FromTebibytes(2.1);

    /// <summary>Reads are metered at one third of their size (AWS EFS metered throughput).</summary>
    public const double ReadMeteringFactor = 1.0 / 3.0;

    /// <summary>Hours in a billing month, as AWS pricing pages and the reference SIZING.md use: 730.</summary>
    public const double HoursPerMonth = 730;

    /// <summary>Baseline metered throughput for <paramref name="storage"/>: 50 KiB/s per GiB.</summary>
    public static BytesPerSecond Baseline(Bytes storage) => BaselinePerGib * storage.Gibibytes;

    /// <summary>Burst rate: 100 MiB/s, or 100 MiB/s per TiB above 1 TiB.</summary>
    public static BytesPerSecond BurstRate(Bytes storage) =>
        new(Math.Max(MinimumBurstRate.Value, BurstRatePerTib.Value * storage.Tebibytes));

    /// <summary>Maximum credit balance: 2.1 TiB, or 2.1 TiB per TiB stored above 1 TiB.</summary>
    public static Bytes MaxCredits(Bytes storage) => new(Math.Max(StartingCredits.Value, StartingCredits.Value * storage.Tebibytes));

    /// <summary>Metered throughput: reads / 3 + writes.</summary>
    public static BytesPerSecond Metered(BytesPerSecond reads, BytesPerSecond writes) => reads * ReadMeteringFactor + writes;

    /// <summary>
    /// How long <paramref name="credits"/> last at a constant metered rate (capped at the burst rate); null when the rate
    /// is at or below the baseline.
    /// </summary>
    public static TimeSpan? TimeToDepletion(Bytes storage, BytesPerSecond metered, Bytes? credits = null)
    {
        var baseline = Baseline(storage);
        double rate = Math.Min(metered.Value, BurstRate(storage).Value);
        if (rate <= baseline.Value) return null;
        return TimeSpan.FromSeconds((credits ?? StartingCredits).Value / (rate - baseline.Value));
    }

    /// <summary>
    /// Steps the credit balance over the series. Each point's rate holds until the next point (the last point for the
    /// previous step's length); when reads and writes both exist, they are aligned on the union of their timestamps
    /// (each series' value holds until its next point). Above the baseline, credits drain at (metered − baseline),
    /// served up to the burst rate; below it they accrue at (baseline − metered) up to the cap. At zero credits the
    /// demand above the baseline is throttled.
    /// </summary>
    public static EfsCreditSimulation Simulate(EfsSimulationInputs inputs)
    {
        inputs.Validate();
        var baseline = Baseline(inputs.Storage);
        var burst = BurstRate(inputs.Storage);
        var cap = MaxCredits(inputs.Storage);
        var start = inputs.StartingCredits ?? StartingCredits;

        var times = (inputs.Reads?.Points ?? []).Select(p => p.Time).Concat((inputs.Writes?.Points ?? []).Select(p => p.Time))
            .Distinct().Order().ToArray();
        double ValueAt(TimeSeries? s, DateTimeOffset t)
        {
            if (s is null || s.IsEmpty) return 0;
            double v = 0;
            foreach (var p in s.Points) { if (p.Time <= t) v = p.Value; else break; }
            return v;
        }

        double balance = start.Value;
        double min = balance, throttledSeconds = 0, throttledBytes = 0, meteredBytes = 0, totalSeconds = 0;
        DateTimeOffset? depletedAt = null;
        var balancePoints = new List<TimePoint>(times.Length);
        var meteredPoints = new List<TimePoint>(times.Length);
        for (int i = 0; i < times.Length; i++)
        {
            var t = times[i];
            double metered = ValueAt(inputs.Reads, t) * ReadMeteringFactor + ValueAt(inputs.Writes, t);
            balancePoints.Add(new TimePoint(t, balance));
            meteredPoints.Add(new TimePoint(t, metered));
            double dt = i + 1 < times.Length ? (times[i + 1] - t).TotalSeconds : i > 0 ? (t - times[i - 1]).TotalSeconds : 0;
            if (dt <= 0) continue;
            totalSeconds += dt;
            meteredBytes += metered * dt;
            double served = Math.Min(metered, burst.Value);
            if (served > baseline.Value)
            {
                double drain = (served - baseline.Value) * dt;
                double secondsWithCredits = dt;
                if (drain <= balance) balance -= drain;
                else
                {
                    secondsWithCredits = balance / (served - baseline.Value);
                    depletedAt ??= t + TimeSpan.FromSeconds(secondsWithCredits);
                    throttledSeconds += dt - secondsWithCredits;
                    throttledBytes += (metered - baseline.Value) * (dt - secondsWithCredits);
                    balance = 0;
                }
                // Demand above the burst rate is throttled even with credits.
                if (metered > burst.Value) throttledBytes += (metered - burst.Value) * secondsWithCredits;
            }
            else balance = Math.Min(cap.Value, balance + (baseline.Value - metered) * dt);
            min = Math.Min(min, balance);
        }
        if (times.Length > 0)
        {
            var end = times[^1] + TimeSpan.FromSeconds(times.Length > 1 ? (times[^1] - times[^2]).TotalSeconds : 0);
            if (end > times[^1]) balancePoints.Add(new TimePoint(end, balance));
        }

        double mean = totalSeconds > 0 ? meteredBytes / totalSeconds : 0;
        TimeSpan? projected = null;
        if (depletedAt is null && mean > baseline.Value)
            projected = TimeSpan.FromSeconds(balance / (Math.Min(mean, burst.Value) - baseline.Value));

        return new EfsCreditSimulation
        {
            Baseline = baseline,
            BurstRate = burst,
            StartingCredits = new Bytes(balancePoints.Count > 0 ? balancePoints[0].Value : balance),
            EndingCredits = new Bytes(balance),
            MinimumCredits = new Bytes(min),
            Balance = new TimeSeries("BurstCreditBalance", "Bytes", balancePoints),
            Metered = new TimeSeries("MeteredThroughput", "Bytes/Second", meteredPoints),
            DepletedAt = depletedAt,
            TimeToDepletion = depletedAt is { } d && times.Length > 0 ? d - times[0] : null,
            ProjectedTimeToDepletion = projected,
            ThrottledDuration = TimeSpan.FromSeconds(throttledSeconds),
            ThrottledBytes = new Bytes(throttledBytes),
            MeanMetered = new BytesPerSecond(mean),
        };
    }

    /// <summary>
    /// Monthly EFS cost: storage (Standard, and IA for the lifecycle share) plus throughput: nothing extra in bursting
    /// mode, GB read × $0.03 and GB written × $0.06 in elastic mode, MiB/s × $6.00 per month in provisioned mode
    /// (data/aws/prices.csv). AWS bills provisioned throughput only above what the storage's bursting baseline would
    /// give; that credit is applied.
    /// </summary>
    public static EfsCost MonthlyCost(EfsCostInputs inputs, PriceCatalog? prices = null)
    {
        inputs.Validate();
        var p = prices ?? PriceCatalog.Default;
        decimal standardGb = (decimal)(inputs.StorageGb * (1 - inputs.InfrequentAccessFraction));
        decimal iaGb = (decimal)(inputs.StorageGb * inputs.InfrequentAccessFraction);
        var storage = p[PriceCatalog.EfsStandardGbMonth] * standardGb + p[PriceCatalog.EfsIaGbMonth] * iaGb;
        var throughput = inputs.Mode switch
        {
            EfsThroughputMode.Elastic => p[PriceCatalog.EfsElasticReadGb] * (decimal)inputs.ReadGbPerMonth
                                         + p[PriceCatalog.EfsElasticWriteGb] * (decimal)inputs.WriteGbPerMonth,
            EfsThroughputMode.Provisioned => p[PriceCatalog.EfsProvisionedMibpsMonth] * (decimal)Math.Max(0,
                inputs.ProvisionedMibps!.Value - Baseline(Bytes.FromGibibytes(inputs.StorageGb)).MebibytesPerSecond),
            _ => Usd.Zero,
        };
        return new EfsCost(inputs.Mode, Round(storage), Round(throughput));
    }

    private static Usd Round(Usd u) => new(Math.Round(u.Value, 2, MidpointRounding.AwayFromZero));
}
