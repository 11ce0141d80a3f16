using System.Globalization;

namespace PypiKit.Automation.Yaml;

/// <summary>What a YAML scalar holds once parsed (plain scalars are typed the YAML 1.2 core-schema way).</summary>
public enum ScalarKind { String, Integer, Float, Boolean, Null }

/// <summary>
/// A small ordered YAML tree: the renderer builds it, <see cref="YamlWriter"/> prints it deterministically and
/// <see cref="YamlReader"/> parses text back into it for the validator and the policy checks.
/// </summary>
public abstract class YNode
{
    /// <summary>1-based line in the source text (0 when the node was built in code).</summary>
    public int Line { get; init; }
}

/// <summary>A mapping that keeps insertion order (Pulumi YAML is read by humans: order matters for reading).</summary>
public sealed class YMap : YNode
{
    private readonly List<KeyValuePair<string, YNode>> _entries = [];

    public IReadOnlyList<KeyValuePair<string, YNode>> Entries => _entries;
    public int Count => _entries.Count;
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    public YNode? this[string key] => _entries.FirstOrDefault(e => e.Key == key).Value;

    /// <summary>Adds or replaces <paramref name="key"/>; a null value is skipped (optional inputs).</summary>
    public YMap Set(string key, YNode? value)
    {
        if (value is null) return this;
        var i = _entries.FindIndex(e => e.Key == key);
        if (i >= 0) _entries[i] = new(key, value);
        else _entries.Add(new(key, value));
        return this;
    }

    public bool Remove(string key) => _entries.RemoveAll(e => e.Key == key) > 0;
    public bool ContainsKey(string key) => _entries.Any(e => e.Key == key);

    public YMap? Map(string key) => this[key] as YMap;
    public YSeq? Seq(string key) => this[key] as YSeq;
    public string? Str(string key) => (this[key] as YScalar)?.Text;
}

/// <summary>A sequence.</summary>
public sealed class YSeq : YNode
{
    public List<YNode> Items { get; } = [];
    public YSeq() { }
    public YSeq(IEnumerable<YNode> items) => Items.AddRange(items);
}

/// <summary>A scalar: its text plus the kind it was written (or parsed) as.</summary>
public sealed class YScalar : YNode
{
    public YScalar(string text, ScalarKind kind = ScalarKind.String) { Text = text; Kind = kind; }
    public string Text { get; }
    public ScalarKind Kind { get; }

    public bool? AsBool => Kind == ScalarKind.Boolean ? Text is "true" or "True" or "TRUE" : Text switch { "true" => true, "false" => false, _ => null };
    public long? AsLong => long.TryParse(Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
    public override string ToString() => Text;
}

/// <summary>Builders for the tree and for the Pulumi YAML expression forms the renderer uses.</summary>
public static class Y
{
    public static YScalar Str(string s) => new(s);
    public static YScalar Int(long v) => new(v.ToString(CultureInfo.InvariantCulture), ScalarKind.Integer);
    public static YScalar Num(double v) => new(v.ToString("R", CultureInfo.InvariantCulture), v == Math.Floor(v) && Math.Abs(v) < 1e15 ? ScalarKind.Integer : ScalarKind.Float);
    public static YScalar Bool(bool v) => new(v ? "true" : "false", ScalarKind.Boolean);

    /// <summary>A whole-value substitution <c>${path}</c> (keeps the referenced value's type).</summary>
    public static YScalar Ref(string path) => new("${" + path + "}");

    public static YMap Map(params (string Key, YNode? Value)[] entries)
    {
        var m = new YMap();
        foreach (var (k, v) in entries) m.Set(k, v);
        return m;
    }

    public static YSeq Seq(params YNode[] items) => new(items);
    public static YSeq Seq(IEnumerable<YNode> items) => new(items);
    public static YSeq Strs(params string[] items) => new(items.Select(i => (YNode)Str(i)));
    public static YSeq Strs(IEnumerable<string> items) => new(items.Select(i => (YNode)Str(i)));

    /// <summary><c>fn::toJSON</c>: JSON documents stay YAML trees so the references inside them still resolve.</summary>
    public static YMap ToJson(YNode value) => Map(("fn::toJSON", value));
    public static YMap Secret(YNode value) => Map(("fn::secret", value));
    public static YMap ToBase64(YNode value) => Map(("fn::toBase64", value));
    public static YMap Select(int index, YNode list) => Map(("fn::select", Seq(Int(index), list)));
    public static YMap Join(string delimiter, params YNode[] parts) => Map(("fn::join", Seq(Str(delimiter), Seq(parts))));

    /// <summary><c>fn::invoke</c> of a provider function, optionally returning one field.</summary>
    public static YMap Invoke(string function, YMap arguments, string? returnField = null) =>
        Map(("fn::invoke", Map(("function", Str(function)), ("arguments", arguments), ("return", returnField is null ? null : Str(returnField)))));
}
