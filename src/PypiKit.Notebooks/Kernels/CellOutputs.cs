using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;

namespace PypiKit.Notebooks.Kernels;

/// <summary>
/// Turns the kernel's events for one cell into nbformat outputs, as the Jupyter front end of <c>dotnet-interactive</c>
/// does: Console writes become <c>stream</c> outputs (consecutive writes merged), displays become <c>display_data</c>
/// (updated in place by their value id), the cell's value an <c>execute_result</c>.
/// </summary>
public sealed class CellOutputs(IList<InteractiveDocumentOutputElement> outputs, int executionCount)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DisplayElement> _byValueId = new(StringComparer.Ordinal);

    public void On(KernelEvent e)
    {
        lock (_gate)
        {
            switch (e)
            {
                case StandardOutputValueProduced o: Stream("stdout", Text(o)); break;
                case StandardErrorValueProduced o: Stream("stderr", Text(o)); break;
                case ErrorProduced o: Stream("stderr", o.Message + "\n"); break;
                case DiagnosticsProduced d:
                    // Compiler warnings reach the notebook as the Jupyter kernel writes them: on stderr (errors fail the cell).
                    // CS1701/CS1702 (assembly version unification) are left out, as the .NET SDK leaves them out of builds.
                    foreach (var w in d.Diagnostics.Where(x => x.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Warning && x.Code is not ("CS1701" or "CS1702")))
                        Stream("stderr", $"({w.LinePositionSpan.Start.Line + 1},{w.LinePositionSpan.Start.Character + 1}): warning {w.Code}: {w.Message}\n");
                    break;
                case DisplayedValueUpdated u:
                    // As a Jupyter front end does with update_display_data: replace the display with that id, if any.
                    if (u.ValueId is { } id && _byValueId.TryGetValue(id, out var shown))
                    {
                        shown.Data.Clear();
                        foreach (var (k, v) in Data(u)) shown.Data[k] = v;
                    }
                    break;
                case DisplayedValueProduced p:
                    var display = new DisplayElement(Data(p));
                    if (p.ValueId is { } valueId) _byValueId[valueId] = display;
                    outputs.Add(display);
                    break;
                case ReturnValueProduced r when r.Value is not Microsoft.DotNet.Interactive.Formatting.DisplayedValue:
                    var result = new ReturnValueElement { ExecutionOrder = executionCount };
                    foreach (var (k, v) in Data(r)) result.Data[k] = v;
                    outputs.Add(result);
                    break;
            }
        }
    }

    private static string Text(DisplayEvent e) =>
        e.FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain")?.Value ?? e.Value?.ToString() ?? "";

    private void Stream(string name, string text)
    {
        if (text.Length == 0) return;
        if (outputs.Count > 0 && outputs[^1] is TextElement last && last.Name == name)
            outputs[^1] = new TextElement(last.Text + text, name);
        else outputs.Add(new TextElement(text, name));
    }

    /// <summary>nbformat's <c>data</c>, as text (<see cref="Format.NotebookFile.ToJson"/> writes JSON MIME types as JSON).</summary>
    private static Dictionary<string, object> Data(DisplayEvent e)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var v in e.FormattedValues) data[v.MimeType] = v.Value;
        return data;
    }
}
