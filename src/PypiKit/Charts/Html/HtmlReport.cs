using Plotly.NET;

namespace PypiKit.Charts;

/// <summary>
/// A report page: a title and blocks (headings, Markdown-ish text, figures, tables) in order. Build with
/// <see cref="Create"/>; write with <see cref="HtmlReportWriter"/>.
/// <code>
/// var report = HtmlReport.Create("Sizing sweep")
///     .Text("Two **c6a.xlarge** instances, 12 tasks each.")
///     .Figure(SizingCharts.TasksPerInstance(sweep))
///     .Table(["Instance", "Tasks"], rows)
///     .Build();
/// await new HtmlReportWriter().WriteAsync(report, "out/sizing.html");
/// </code>
/// </summary>
public sealed record HtmlReport(string Title, IReadOnlyList<ReportBlock> Blocks)
{
    public static HtmlReportBuilder Create(string title) => new(title);

    /// <summary>The figures of the report, in page order.</summary>
    public IEnumerable<GenericChart> Figures => Blocks.OfType<FigureBlock>().Select(b => b.Figure);
}

/// <summary>One block of a <see cref="HtmlReport"/>.</summary>
public abstract record ReportBlock;

/// <summary>A heading; <paramref name="Level"/> 2–4 (the page title is level 1).</summary>
public sealed record HeadingBlock(string Text, int Level = 2) : ReportBlock;

/// <summary>Markdown-ish text: paragraphs (blank-line separated), <c>- </c> list items, <c>**bold**</c>,
/// <c>*italic*</c>, <c>`code`</c>, <c>[text](url)</c>. Everything else is shown as written (HTML is escaped).</summary>
public sealed record TextBlock(string Markdown) : ReportBlock;

/// <summary>A Plotly.NET chart with an optional caption under it.</summary>
public sealed record FigureBlock(GenericChart Figure, string? Caption = null) : ReportBlock;

/// <summary>A table of text cells; cells that read as numbers are right-aligned.</summary>
public sealed record TableBlock(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, string? Caption = null) : ReportBlock;

/// <summary>HTML inserted as is (the caller is responsible for escaping).</summary>
public sealed record RawHtmlBlock(string Html) : ReportBlock;

/// <summary>Fluent construction of an <see cref="HtmlReport"/>.</summary>
public sealed class HtmlReportBuilder(string title)
{
    private readonly List<ReportBlock> _blocks = [];

    public HtmlReportBuilder Heading(string text, int level = 2) => Add(new HeadingBlock(text, level));
    public HtmlReportBuilder Text(string markdown) => Add(new TextBlock(markdown));
    public HtmlReportBuilder Figure(GenericChart figure, string? caption = null) => Add(new FigureBlock(figure, caption));
    public HtmlReportBuilder Figures(IEnumerable<GenericChart> figures) { foreach (var f in figures) Figure(f); return this; }
    public HtmlReportBuilder Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? caption = null) =>
        Add(new TableBlock(headers, rows.ToArray(), caption));
    public HtmlReportBuilder Html(string html) => Add(new RawHtmlBlock(html));
    public HtmlReportBuilder Add(ReportBlock block) { _blocks.Add(block); return this; }

    public HtmlReport Build() => new(title, _blocks.ToArray());
}
