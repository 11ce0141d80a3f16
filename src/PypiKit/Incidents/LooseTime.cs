using System.Globalization;

namespace PypiKit.Incidents;

/// <summary>
/// Reads the timestamps host tools and wrappers print: ISO 8601 (T or space, fraction, Z or offset), <c>ts</c>'s
/// default "Dec 27 16:35:24" (year from options), "[...]" brackets, US "12/27/2025 04:35:24 PM", and
/// <c>date</c>'s "Sat Dec 27 16:35:24 UTC 2025".
/// </summary>
internal static class LooseTime
{
    private static readonly string[] WithYear =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss",
        "MM/dd/yyyy hh:mm:ss tt", "MM/dd/yyyy HH:mm:ss", "MM/dd/yy hh:mm:ss tt", "MM/dd/yy HH:mm:ss",
        "ddd MMM d HH:mm:ss 'UTC' yyyy", "ddd MMM dd HH:mm:ss 'UTC' yyyy", "ddd MMM d HH:mm:ss yyyy", "ddd MMM dd HH:mm:ss yyyy",
        "ddd d MMM yyyy HH:mm:ss", "yyyy/MM/dd HH:mm:ss",
    ];
    private static readonly string[] WithoutYear = ["MMM d HH:mm:ss", "MMM dd HH:mm:ss", "MMM d HH:mm:ss.FFFFFF", "MMM dd HH:mm:ss.FFFFFF"];

    public static bool TryParse(ReadOnlySpan<char> text, ParseOptions options, out DateTimeOffset time)
    {
        var s = text.Trim();
        if (s.Length >= 2 && s[0] == '[' && s[^1] == ']') s = s[1..^1].Trim();
        if (s.EndsWith(":")) s = s[..^1];
        if (s.Length is < 8 or > 48) { time = default; return false; }
        var str = s.ToString().Replace("  ", " ");
        var styles = DateTimeStyles.AllowWhiteSpaces;
        if (DateTimeOffset.TryParseExact(str, WithYear, CultureInfo.InvariantCulture, styles | DateTimeStyles.AssumeUniversal, out var dto))
        {
            bool hasZone = str.EndsWith('Z') || str.Contains("UTC") || HasOffsetSuffix(str);
            time = hasZone ? dto : new DateTimeOffset(DateTime.SpecifyKind(dto.DateTime, DateTimeKind.Unspecified), options.UtcOffset);
            return true;
        }
        int? year = options.Year ?? options.StartTime?.Year;
        if (year is not null && DateTime.TryParseExact(str, WithoutYear, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var dt))
        {
            try
            {
                time = new DateTimeOffset(new DateTime(year.Value, dt.Month, dt.Day, dt.Hour, dt.Minute, dt.Second).AddTicks(dt.Ticks % TimeSpan.TicksPerSecond), options.UtcOffset);
                return true;
            }
            catch (ArgumentOutOfRangeException) { }
        }
        time = default;
        return false;
    }

    private static bool HasOffsetSuffix(string s) =>
        s.Length > 6 && (s[^6] == '+' || s[^6] == '-') && s[^3] == ':';

    /// <summary>Parses "HH:mm:ss" or "hh:mm:ss AM" into a time of day.</summary>
    public static bool TryParseTimeOfDay(string hms, string? ampm, out TimeSpan tod)
    {
        tod = default;
        var parts = hms.Split(':');
        if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int m)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int sec)) return false;
        if (m > 59 || sec > 59) return false;
        if (ampm is not null)
        {
            if (h is < 1 or > 12) return false;
            if (ampm == "AM") h = h == 12 ? 0 : h;
            else if (ampm == "PM") h = h == 12 ? 12 : h + 12;
            else return false;
        }
        else if (h > 23) return false;
        tod = new TimeSpan(h, m, sec);
        return true;
    }

    /// <summary>Parses the date in a sysstat banner ("12/27/2025" or "2025-12-27").</summary>
    public static bool TryParseDate(string s, out DateOnly date) =>
        DateOnly.TryParseExact(s, ["MM/dd/yyyy", "yyyy-MM-dd", "MM/dd/yy", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    internal static bool TryNumber(string s, out double v) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);
}
