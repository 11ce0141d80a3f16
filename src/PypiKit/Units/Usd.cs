using System.Text.Json.Serialization;

namespace PypiKit.Units;

/// <summary>An amount in US dollars. Costs are estimates from dated price data, never quotes.</summary>
[JsonConverter(typeof(UnitJsonConverter<Usd>))]
public readonly record struct Usd(decimal Value) : IUnit<Usd>, IComparable<Usd>
{
    public double Magnitude => (double)Value;
    public static Usd FromMagnitude(double magnitude) => new((decimal)magnitude);
    public static Usd Zero => new(0m);

    public static Usd operator +(Usd a, Usd b) => new(a.Value + b.Value);
    public static Usd operator -(Usd a, Usd b) => new(a.Value - b.Value);
    public static Usd operator *(Usd a, decimal k) => new(a.Value * k);
    public static bool operator <(Usd a, Usd b) => a.Value < b.Value;
    public static bool operator >(Usd a, Usd b) => a.Value > b.Value;
    public static bool operator <=(Usd a, Usd b) => a.Value <= b.Value;
    public static bool operator >=(Usd a, Usd b) => a.Value >= b.Value;

    public int CompareTo(Usd other) => Value.CompareTo(other.Value);
    public override string ToString() => $"${Value:0.00}";
}
