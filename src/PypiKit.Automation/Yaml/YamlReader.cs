using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PypiKit.Automation.Yaml;

/// <summary>Parses YAML text (one document) into the <see cref="YNode"/> tree, keeping line numbers.</summary>
public static partial class YamlReader
{
    /// <exception cref="FormatException">The text is not valid YAML (the message names the line).</exception>
    public static YNode Read(string text)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException ex) { throw new FormatException($"invalid YAML at line {ex.Start.Line}: {ex.Message}", ex); }
        return stream.Documents.Count == 0 ? new YMap() : Convert(stream.Documents[0].RootNode);
    }

    private static YNode Convert(YamlNode node)
    {
        var line = (int)node.Start.Line;
        switch (node)
        {
            case YamlMappingNode m:
                var map = new YMap { Line = line };
                foreach (var (k, v) in m.Children) map.Set(((YamlScalarNode)k).Value ?? "", Convert(v));
                return map;
            case YamlSequenceNode s:
                return new YSeq(s.Children.Select(Convert)) { Line = line };
            case YamlScalarNode sc:
                var text = sc.Value ?? "";
                if (sc.Style is ScalarStyle.Plain) return new YScalar(text, Classify(text)) { Line = line };
                return new YScalar(text) { Line = line };
            default:
                throw new FormatException($"unsupported YAML node at line {line}");
        }
    }

    private static ScalarKind Classify(string text)
    {
        if (text is "" or "~" || text.Equals("null", StringComparison.OrdinalIgnoreCase)) return ScalarKind.Null;
        if (text is "true" or "false" or "True" or "False" or "TRUE" or "FALSE") return ScalarKind.Boolean;
        if (IntPattern().IsMatch(text)) return ScalarKind.Integer;
        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return ScalarKind.Float;
        return ScalarKind.String;
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
