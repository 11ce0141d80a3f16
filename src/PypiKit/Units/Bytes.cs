using System.Text.Json.Serialization;

namespace PypiKit.Units;

/// <summary>A byte count (file sizes, EFS burst credits, I/O totals).</summary>
[JsonConverter(typeof(UnitJsonConverter<Bytes>))]
public readonly record struct Bytes(double Value) : IUnit<Bytes>, IComparable<Bytes>
{
    public const double KiB = 1024d, MiB = KiB * 1024, GiB = MiB * 1024, TiB = GiB * 1024;

    public double Magnitude => Value;
    public static Bytes FromMagnitude(double magnitude) => new(magnitude);
    public static Bytes FromGibibytes(double gib) => new(gib * GiB);
    public static Bytes FromTebibytes(double tib) => new(tib * TiB);

    public double Gibibytes => Value / GiB;
    public double Tebibytes => Value / TiB;

    public static Bytes operator +(Bytes a, Bytes b) => new(a.Value + b.Value);
    public static Bytes operator -(Bytes a, Bytes b) => new(a.Value - b.Value);
    public static Bytes operator *(Bytes a, double k) => new(a.Value * k);
    public static bool operator <(Bytes a, Bytes b) => a.Value < b.Value;
    public static bool operator >(Bytes a, Bytes b) => a.Value > b.Value;
    public static bool operator <=(Bytes a, Bytes b) => a.Value <= b.Value;
    public static bool operator >=(Bytes a, Bytes b) => a.Value >= b.Value;

    public int CompareTo(Bytes other) => Value.CompareTo(other.Value);

    /// <summary>Human-readable with binary prefixes, e.g. "2.10 TiB".</summary>
    public override string ToString() => Value switch
    {
        >= TiB => $"{Value / TiB:0.00} TiB",
        >= GiB => $"{Value / GiB:0.00} GiB",
        >= MiB => $"{Value / MiB:0.00} MiB",
        >= KiB => $"{Value / KiB:0.00} KiB",
        _ => $"{Value:0} B",
    };
}
