using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PypiKit.Automation.Yaml;

/// <summary>
/// Prints a <see cref="YNode"/> tree as block-style YAML, byte-for-byte deterministic (LF line ends, two-space indent,
/// entries in insertion order). Strings that a YAML reader would type as something else (<c>"256"</c>, <c>"true"</c>,
/// <c>"-1"</c>, <c>"2012-10-17"</c>) or that hold indicator characters are double-quoted; multi-line strings become
/// literal blocks.
/// </summary>
public static partial class YamlWriter
{
    public static string Write(YNode root)
    {
        var sb = new StringBuilder();
        switch (root)
        {
            case YMap m when m.Count > 0: WriteMapBody(sb, m, 0); break;
            case YSeq s when s.Items.Count > 0: WriteSeqBody(sb, s, 0); break;
            default: sb.Append(Inline(root, 0)).Append('\n'); break;
        }
        return sb.ToString();
    }

    private static void WriteMapBody(StringBuilder sb, YMap map, int indent)
    {
        foreach (var (key, value) in map.Entries)
        {
            sb.Append(' ', indent).Append(Key(key)).Append(':');
            WriteValueAfterKey(sb, value, indent);
        }
    }

    private static void WriteSeqBody(StringBuilder sb, YSeq seq, int indent)
    {
        foreach (var item in seq.Items)
        {
            sb.Append(' ', indent).Append('-');
            if (item is YMap m && m.Count > 0)
            {
                // first entry on the dash line, the rest aligned under it
                var first = true;
                foreach (var (key, value) in m.Entries)
                {
                    if (first) { sb.Append(' '); first = false; }
                    else sb.Append(' ', indent + 2);
                    sb.Append(Key(key)).Append(':');
                    WriteValueAfterKey(sb, value, indent + 2);
                }
            }
            else WriteValueAfterKey(sb, item, indent); // a nested sequence or a scalar: as after a key
        }
    }

    private static void WriteValueAfterKey(StringBuilder sb, YNode value, int indent)
    {
        switch (value)
        {
            case YMap m when m.Count > 0:
                sb.Append('\n');
                WriteMapBody(sb, m, indent + 2);
                break;
            case YSeq s when s.Items.Count > 0:
                sb.Append('\n');
                WriteSeqBody(sb, s, indent + 2);
                break;
            default:
                sb.Append(' ');
                AppendScalarOrBlock(sb, value, indent + 2);
                break;
        }
    }

    private static void AppendScalarOrBlock(StringBuilder sb, YNode node, int blockIndent)
    {
        if (node is YScalar { Kind: ScalarKind.String } s && s.Text.Contains('\n') && CanBeLiteralBlock(s.Text))
        {
            var text = s.Text;
            var trailing = text.Length - text.TrimEnd('\n').Length;
            sb.Append(trailing switch { 0 => "|-", 1 => "|", _ => "|+" }).Append('\n');
            var body = trailing == 0 ? text : text[..^trailing];
            foreach (var line in body.Split('\n'))
            {
                if (line.Length > 0) sb.Append(' ', blockIndent).Append(line);
                sb.Append('\n');
            }
            for (var i = 1; i < trailing; i++) sb.Append('\n');
            return;
        }
        sb.Append(Inline(node, blockIndent)).Append('\n');
    }

    private static bool CanBeLiteralBlock(string text) =>
        !text.StartsWith(' ') && !text.StartsWith('\n') && !text.Any(c => c != '\n' && char.IsControl(c) && c != '\t')
        && !text.Split('\n').Any(l => l.EndsWith(' '));

    private static string Inline(YNode node, int indent) => node switch
    {
        YMap => "{}",
        YSeq => "[]",
        YScalar s => s.Kind switch
        {
            ScalarKind.String => Quote(s.Text),
            ScalarKind.Null => "null",
            _ => s.Text,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static string Key(string key) => PlainKey().IsMatch(key) && !LooksTyped(key) ? key : DoubleQuoted(key);

    /// <summary>The text of a string scalar: plain when a reader would read it back as the same string.</summary>
    public static string Quote(string s) => IsPlainSafe(s) ? s : DoubleQuoted(s);

    private static bool IsPlainSafe(string s)
    {
        if (s.Length == 0 || s != s.Trim() || LooksTyped(s)) return false;
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(s[0])) return false;
        if (s.Any(char.IsControl)) return false;
        if (s.Contains(": ") || s.Contains(" #") || s.EndsWith(':')) return false;
        return true;
    }

    private static bool LooksTyped(string s) =>
        TypedScalar().IsMatch(s) || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || s.StartsWith("0o", StringComparison.OrdinalIgnoreCase)
        || DateLike().IsMatch(s) || NumericLike().IsMatch(s);

    private static string DoubleQuoted(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    [GeneratedRegex(@"^[A-Za-z_$][A-Za-z0-9_.:/$-]*$")]
    private static partial Regex PlainKey();

    [GeneratedRegex(@"^(?i:true|false|yes|no|on|off|y|n|null|~|\.nan|[-+]?\.inf)$")]
    private static partial Regex TypedScalar();

    [GeneratedRegex(@"^[-+]?[0-9][0-9:._]*$")]
    private static partial Regex NumericLike();

    [GeneratedRegex(@"^\d{4}-\d{1,2}-\d{1,2}")]
    private static partial Regex DateLike();
}
