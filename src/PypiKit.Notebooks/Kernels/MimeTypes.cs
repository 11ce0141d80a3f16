namespace PypiKit.Notebooks.Kernels;

/// <summary>The MIME types PypiKit reads from and writes into notebook outputs.</summary>
public static class MimeTypes
{
    public const string Plain = "text/plain";
    public const string Html = "text/html";
    public const string Markdown = "text/markdown";

    /// <summary>A Plotly figure (<c>{"data": […], "layout": {…}}</c>), drawn by JupyterLab, VS Code and PypiKit's HTML export.</summary>
    public const string Plotly = "application/vnd.plotly.v1+json";
}
