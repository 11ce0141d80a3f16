namespace PypiKit.Units;

/// <summary>
/// A quantity with one unit. Units are small readonly record structs so that a formula's signature says what it
/// takes (<c>Mebibytes</c>, <c>CpuUnits</c>) instead of a bare number. They serialize to JSON as plain numbers.
/// </summary>
public interface IUnit<TSelf> where TSelf : struct, IUnit<TSelf>
{
    /// <summary>The quantity as a number in this unit.</summary>
    double Magnitude { get; }

    /// <summary>Makes the quantity from a number in this unit.</summary>
    static abstract TSelf FromMagnitude(double magnitude);
}
