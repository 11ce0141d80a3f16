using System.Text.Json.Serialization;

namespace PypiKit.Units;

/// <summary>A percentage, 0–100 (not a fraction): <c>new Percent(75)</c> is three quarters.</summary>
[JsonConverter(typeof(UnitJsonConverter<Percent>))]
public readonly record struct Percent(double Value) : IUnit<Percent>, IComparable<Percent>
{
    public double Magnitude => Value;
    public static Percent FromMagnitude(double magnitude) => new(magnitude);
    public static Percent FromFraction(double fraction) => new(fraction * 100d);

    public double Fraction => Value / 100d;

    public static bool operator <(Percent a, Percent b) => a.Value < b.Value;
    public static bool operator >(Percent a, Percent b) => a.Value > b.Value;
    public static bool operator <=(Percent a, Percent b) => a.Value <= b.Value;
    public static bool operator >=(Percent a, Percent b) => a.Value >= b.Value;

    public int CompareTo(Percent other) => Value.CompareTo(other.Value);
    public override string ToString() => $"{Value:0.##} %";
}
