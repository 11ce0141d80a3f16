using System.Text.Json.Serialization;

namespace PypiKit.Units;

/// <summary>Memory in MiB, whole numbers, as the EC2 API and ECS task definitions count it.</summary>
[JsonConverter(typeof(UnitJsonConverter<Mebibytes>))]
public readonly record struct Mebibytes(long Value) : IUnit<Mebibytes>, IComparable<Mebibytes>
{
    public double Magnitude => Value;
    public static Mebibytes FromMagnitude(double magnitude) => new((long)Math.Round(magnitude));

    public Bytes ToBytes() => new(Value * 1024L * 1024L);
    public double Gibibytes => Value / 1024.0;

    public static Mebibytes operator +(Mebibytes a, Mebibytes b) => new(a.Value + b.Value);
    public static Mebibytes operator -(Mebibytes a, Mebibytes b) => new(a.Value - b.Value);
    public static Mebibytes operator *(Mebibytes a, long k) => new(a.Value * k);
    public static bool operator <(Mebibytes a, Mebibytes b) => a.Value < b.Value;
    public static bool operator >(Mebibytes a, Mebibytes b) => a.Value > b.Value;
    public static bool operator <=(Mebibytes a, Mebibytes b) => a.Value <= b.Value;
    public static bool operator >=(Mebibytes a, Mebibytes b) => a.Value >= b.Value;

    public int CompareTo(Mebibytes other) => Value.CompareTo(other.Value);
    public override string ToString() => $"{Value} MiB";
}
