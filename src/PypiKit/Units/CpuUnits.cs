using System.Text.Json.Serialization;

namespace PypiKit.Units;

/// <summary>ECS CPU units: 1024 units = one vCPU.</summary>
[JsonConverter(typeof(UnitJsonConverter<CpuUnits>))]
public readonly record struct CpuUnits(long Value) : IUnit<CpuUnits>, IComparable<CpuUnits>
{
    public const long PerVcpu = 1024;

    public double Magnitude => Value;
    public static CpuUnits FromMagnitude(double magnitude) => new((long)Math.Round(magnitude));
    public static CpuUnits FromVcpus(int vcpus) => new(vcpus * PerVcpu);

    public double Vcpus => Value / (double)PerVcpu;

    public static CpuUnits operator +(CpuUnits a, CpuUnits b) => new(a.Value + b.Value);
    public static CpuUnits operator -(CpuUnits a, CpuUnits b) => new(a.Value - b.Value);
    public static bool operator <(CpuUnits a, CpuUnits b) => a.Value < b.Value;
    public static bool operator >(CpuUnits a, CpuUnits b) => a.Value > b.Value;
    public static bool operator <=(CpuUnits a, CpuUnits b) => a.Value <= b.Value;
    public static bool operator >=(CpuUnits a, CpuUnits b) => a.Value >= b.Value;

    public int CompareTo(CpuUnits other) => Value.CompareTo(other.Value);
    public override string ToString() => $"{Value} CPU units";
}
