using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace PypiKit.Cli;

/// <summary>
/// Parsing and range of every numeric option (<c>int</c>, <c>long</c>, <c>double</c>, nullable or not): invariant
/// culture, and at least 0 unless the option declares another range with <see cref="Range"/>. A bad value is one line
/// naming the flag as typed, the value and the allowed range — at parse time, so nothing starts.
/// </summary>
public static class NumberRanges
{
    private sealed record Bounds(double Min, double Max);

    private static readonly ConditionalWeakTable<Option, Bounds> Declared = [];

    /// <summary>Declares the inclusive range of <paramref name="option"/> (the default is 0 and up).</summary>
    public static Option<T> Range<T>(this Option<T> option, double min, double max = double.PositiveInfinity)
    {
        Declared.AddOrUpdate(option, new Bounds(min, max));
        return option;
    }

    /// <summary>The range <paramref name="option"/> accepts.</summary>
    public static (double Min, double Max) RangeOf(Option option) =>
        Declared.TryGetValue(option, out var b) ? (b.Min, b.Max) : (0, double.PositiveInfinity);

    /// <summary>The range as help and errors show it: <c>0..65535</c>, <c>&gt;= 0</c>.</summary>
    public static string Describe(Option option)
    {
        var (min, max) = RangeOf(option);
        return double.IsPositiveInfinity(max) ? (double.IsNegativeInfinity(min) ? "any number" : $">= {Format(min)}") : $"{Format(min)}..{Format(max)}";
    }

    private static string Format(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>True for the numeric value types this class handles.</summary>
    public static bool IsNumeric(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(int) || t == typeof(long) || t == typeof(double));

    /// <summary>Installs the parser on a numeric option; false for any other.</summary>
    public static bool TryInstall(Option option)
    {
        if (!IsNumeric(option.ValueType)) return false;
        typeof(NumberRanges).GetMethod(nameof(Install), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(option.ValueType).Invoke(null, [option]);
        return true;
    }

    private static void Install<T>(Option<T> option)
    {
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        bool integral = type != typeof(double);
        option.CustomParser = r =>
        {
            var token = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
            var flag = ValueChoices.FlagAsTyped(r);
            bool parsed = integral
                ? long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l) && (type == typeof(long) || l is >= int.MinValue and <= int.MaxValue)
                : double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            if (!parsed)
            {
                r.AddError($"{flag} '{token}' is not {(integral ? "a whole number" : "a number")}; allowed: {Describe(option)}");
                return default!;
            }
            double value = double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
            var (min, max) = RangeOf(option);
            if (double.IsNaN(value) || value < min || value > max)
            {
                r.AddError($"{flag} {token} is out of range; allowed: {Describe(option)}");
                return default!;
            }
            object boxed = type == typeof(int) ? (object)int.Parse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
                : type == typeof(long) ? (object)long.Parse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
                : (object)value;
            return (T)boxed;
        };
    }
}
