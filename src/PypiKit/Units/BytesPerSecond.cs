using System.Text.Json.Serialization;

namespace PypiKit.Units;

/// <summary>A throughput (EFS baseline and burst rates, I/O series).</summary>
[JsonConverter(typeof(UnitJsonConverter<BytesPerSecond>))]
public readonly record struct BytesPerSecond(double Value) : IUnit<BytesPerSecond>, IComparable<BytesPerSecond>
{
    public double Magnitude => Value;
    public static BytesPerSecond FromMagnitude(double magnitude) => new(magnitude);
    public static BytesPerSecond FromKibibytesPerSecond(double kib) => new(kib * Bytes.KiB);
    public static BytesPerSecond FromMebibytesPerSecond(double mib) => new(mib * Bytes.MiB);

    public double MebibytesPerSecond => Value / Bytes.MiB;

    /// <summary>What this rate moves in <paramref name="duration"/>.</summary>
    public Bytes Over(TimeSpan duration) => new(Value * duration.TotalSeconds);

    public static BytesPerSecond operator +(BytesPerSecond a, BytesPerSecond b) => new(a.Value + b.Value);
    public static BytesPerSecond operator -(BytesPerSecond a, BytesPerSecond b) => new(a.Value - b.Value);
    public static BytesPerSecond operator *(BytesPerSecond a, double k) => new(a.Value * k);
    public static bool operator <(BytesPerSecond a, BytesPerSecond b) => a.Value < b.Value;
    public static bool operator >(BytesPerSecond a, BytesPerSecond b) => a.Value > b.Value;
    public static bool operator <=(BytesPerSecond a, BytesPerSecond b) => a.Value <= b.Value;
    public static bool operator >=(BytesPerSecond a, BytesPerSecond b) => a.Value >= b.Value;

    public int CompareTo(BytesPerSecond other) => Value.CompareTo(other.Value);
    public override string ToString() => Value >= Bytes.MiB ? $"{MebibytesPerSecond:0.00} MiB/s" : $"{Value / Bytes.KiB:0.00} KiB/s";
}
