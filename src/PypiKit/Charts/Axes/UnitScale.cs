using System.Globalization;

namespace PypiKit.Charts;

/// <summary>
/// How a chart shows numbers of one unit: values are divided by <see cref="Divisor"/> and the axis says
/// <see cref="Unit"/>. <see cref="For"/> picks a readable prefix from the data's own unit (CloudWatch unit names
/// such as "Bytes", "Bytes/Second", "Percent", "Count", "Milliseconds", or anything else, shown as is).
/// </summary>
public sealed record UnitScale(double Divisor, string Unit)
{
    public static UnitScale Identity(string unit) => new(1, unit);

    /// <summary>A value in this scale.</summary>
    public double Apply(double value) => value / Divisor;

    /// <summary>A readable scale for values of <paramref name="unit"/> up to <paramref name="maxAbs"/>. Bytes use binary
    /// prefixes (KiB, MiB, …) unless <paramref name="decimalBytes"/> (KB, MB, … — for thresholds AWS states in TB).</summary>
    public static UnitScale For(string? unit, double maxAbs, bool decimalBytes = false)
    {
        var u = (unit ?? "").Trim();
        maxAbs = double.IsFinite(maxAbs) ? Math.Abs(maxAbs) : 0;
        switch (u.ToLowerInvariant())
        {
            case "bytes" or "byte" or "b":
                return Bytes(maxAbs, decimalBytes, "");
            case "bytes/second" or "bytes per second" or "b/s":
                return Bytes(maxAbs, decimalBytes, "/s");
            case "kilobytes/second" or "kb/s":
                return new(1, "KB/s");
            case "percent" or "%":
                return new(1, "%");
            case "count" or "":
                return new(1, u.Length == 0 ? "" : "count");
            case "count/second":
                return new(1, "per second");
            case "milliseconds" or "ms":
                return maxAbs >= 10_000 ? new(1000, "s") : new(1, "ms");
            case "seconds" or "s":
                return new(1, "s");
            default:
                return new(1, u);
        }
    }

    private static UnitScale Bytes(double maxAbs, bool decimalBytes, string suffix)
    {
        double k = decimalBytes ? 1000 : 1024;
        string[] names = decimalBytes ? ["bytes", "KB", "MB", "GB", "TB", "PB"] : ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];
        int i = 0;
        while (i < names.Length - 1 && maxAbs >= Math.Pow(k, i + 1)) i++;
        var name = i == 0 && suffix.Length > 0 ? "B" : names[i];
        return new(Math.Pow(k, i), name + suffix);
    }

    /// <summary>"1.23 TB" — a value (in the data's unit) written in this scale.</summary>
    public string Format(double value, string format = "0.##") =>
        Apply(value).ToString(format, CultureInfo.InvariantCulture) + (Unit.Length == 0 ? "" : Unit == "%" ? " %" : " " + Unit);
}
