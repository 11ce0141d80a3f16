using System.Collections;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;

namespace PypiKit.Notebooks.Display;

/// <summary>
/// A displayed value in every MIME type it was rendered to (nbformat's <c>data</c> dictionary): always
/// <c>text/plain</c>, plus <c>text/html</c>, <c>text/markdown</c> or <c>application/vnd.plotly.v1+json</c> when known.
/// </summary>
public sealed class MimeBundle
{
    public const string Plain = "text/plain";
    public const string Html = "text/html";
    public const string Markdown = "text/markdown";
    public const string Plotly = "application/vnd.plotly.v1+json";

    private readonly Dictionary<string, JsonNode> _data = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, JsonNode> Data => _data;

    public MimeBundle Set(string mimeType, JsonNode value)
    {
        _data[mimeType] = value;
        return this;
    }

    public MimeBundle Set(string mimeType, string text) => Set(mimeType, JsonValue.Create(text)!);

    /// <summary>Text of a MIME type, or null.</summary>
    public string? Text(string mimeType) => _data.TryGetValue(mimeType, out var v) && v is JsonValue ? (string?)v : null;

    /// <summary>nbformat's <c>data</c> object (text is stored as a list of lines, as Jupyter does).</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject();
        foreach (var (mime, value) in _data.OrderBy(kv => kv.Key == Plain ? 1 : 0).ThenBy(kv => kv.Key, StringComparer.Ordinal))
            o[mime] = value is JsonValue && value.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? Format.NotebookDocument.SplitLines((string)value!)
                : value.DeepClone();
        return o;
    }
}

/// <summary>
/// Turns values into <see cref="MimeBundle"/>s the way Polyglot's formatter does: strings as text, <see cref="MimeContent"/>
/// as its MIME type, PypiKit figures as a Plotly figure plus an HTML fragment, sequences of records as an HTML table,
/// anything else as its <c>ToString()</c>. Other areas may <see cref="Register{T}"/> their own formatter.
/// </summary>
public static class DisplayFormatter
{
    private static readonly List<(Type Type, Func<object, MimeBundle?> Format)> Formatters = [];
    private static readonly Lock Gate = new();

    /// <summary>Most rows an HTML table shows before it says how many more there are.</summary>
    public const int MaxTableRows = 50;

    /// <summary>Registers a formatter for values of type <typeparamref name="T"/> (newest registration wins).</summary>
    public static void Register<T>(Func<T, MimeBundle?> format)
    {
        lock (Gate) Formatters.Insert(0, (typeof(T), o => format((T)o)));
    }

    /// <summary>Formats <paramref name="value"/>; when <paramref name="mimeTypes"/> is given only those types are kept (plus text/plain).</summary>
    public static MimeBundle Format(object? value, IReadOnlyCollection<string>? mimeTypes = null)
    {
        var bundle = FormatAll(value);
        if (mimeTypes is null || mimeTypes.Count == 0) return bundle;
        var kept = new MimeBundle();
        foreach (var (mime, data) in bundle.Data)
            if (mime == MimeBundle.Plain || mimeTypes.Contains(mime)) kept.Set(mime, data.DeepClone());
        foreach (var mime in mimeTypes)
            if (!kept.Data.ContainsKey(mime) && mime == MimeBundle.Html)
                kept.Set(mime, $"<pre>{WebUtility.HtmlEncode(PlainText(value))}</pre>");
        return kept;
    }

    private static MimeBundle FormatAll(object? value)
    {
        if (value is not null)
        {
            (Type Type, Func<object, MimeBundle?> Format)[] formatters;
            lock (Gate) formatters = Formatters.ToArray();
            foreach (var (type, format) in formatters)
                if (type.IsInstanceOfType(value) && format(value) is { } custom)
                {
                    if (!custom.Data.ContainsKey(MimeBundle.Plain)) custom.Set(MimeBundle.Plain, PlainText(value));
                    return custom;
                }
        }
        switch (value)
        {
            case PlotlyFigureJson plotly:
                return PlotlyDisplay.Bundle(plotly.Json);
            case Plotly.NET.GenericChart figure:
                return PlotlyDisplay.Bundle(figure);
            case MimeBundle ready:
                return ready;
            case MimeContent m:
                return new MimeBundle().Set(m.MimeType, m.Content).Set(MimeBundle.Plain, m.Content);
            case null or string or IFormattable or bool or char:
                return new MimeBundle().Set(MimeBundle.Plain, PlainText(value));
        }
        var bundle = new MimeBundle().Set(MimeBundle.Plain, PlainText(value));
        if (value is IEnumerable sequence && TableHtml(sequence) is { } table) bundle.Set(MimeBundle.Html, table);
        return bundle;
    }

    /// <summary>Plain text of a value: invariant culture numbers, sequences as <c>[a, b, …]</c>, records as their ToString.</summary>
    public static string PlainText(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary d => "{ " + string.Join(", ", d.Cast<DictionaryEntry>().Take(20)
            .Select(e => $"{PlainText(e.Key)}: {PlainText(e.Value)}")) + (d.Count > 20 ? ", …" : "") + " }",
        IEnumerable e => SequenceText(e),
        _ => value.ToString() ?? "",
    };

    private static string SequenceText(IEnumerable e)
    {
        var items = e.Cast<object?>().Take(21).Select(PlainText).ToList();
        var text = string.Join(", ", items.Take(20));
        var multiline = items.Any(i => i.Length > 40);
        if (items.Count > 20) text += ", …";
        return multiline ? "[\n  " + string.Join(",\n  ", items.Take(20)) + (items.Count > 20 ? ",\n  …" : "") + "\n]" : $"[{text}]";
    }

    /// <summary>An HTML table for a sequence of objects with public properties (null for scalars or empty sequences).</summary>
    internal static string? TableHtml(IEnumerable sequence)
    {
        var rows = sequence.Cast<object?>().Take(MaxTableRows + 1).ToList();
        var first = rows.FirstOrDefault(r => r is not null);
        if (first is null || first is string || first is IFormattable || first is IEnumerable) return null;
        var props = first.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract").ToArray();
        if (props.Length == 0) return null;
        var sb = new StringBuilder("<table class=\"pk-table\"><thead><tr>");
        foreach (var p in props) sb.Append("<th>").Append(WebUtility.HtmlEncode(p.Name)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows.Take(MaxTableRows))
        {
            sb.Append("<tr>");
            foreach (var p in props)
            {
                object? cell;
                try { cell = row is null || !p.DeclaringType!.IsInstanceOfType(row) ? null : p.GetValue(row); }
                catch (TargetInvocationException) { cell = "(error)"; }
                sb.Append("<td>").Append(WebUtility.HtmlEncode(PlainText(cell))).Append("</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (rows.Count > MaxTableRows) sb.Append($"<p>(first {MaxTableRows} rows shown)</p>");
        return sb.ToString();
    }
}
