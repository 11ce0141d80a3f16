using System.Text;

namespace PypiKit.Notebooks.Display;

/// <summary>Where a running cell's outputs go: the runner collects them into the notebook, the REPL prints them.</summary>
public interface IOutputSink
{
    /// <summary>Text written to <c>stdout</c> or <c>stderr</c> (Console output of the cell).</summary>
    void WriteStream(string name, string text);

    /// <summary>A rich display (<c>display_data</c>); <paramref name="displayId"/> lets <see cref="UpdateDisplay"/> replace it.</summary>
    void Display(MimeBundle bundle, string displayId);

    /// <summary>Replaces an earlier display with new content (Polyglot's <c>DisplayedValue.Update</c>).</summary>
    void UpdateDisplay(string displayId, MimeBundle bundle);
}

/// <summary>
/// The sink of the code running now. It flows with the async context, so several notebooks may run in one process
/// (tests do) and each cell's Console output and displays reach its own notebook.
/// </summary>
public static class NotebookContext
{
    private static readonly AsyncLocal<IOutputSink?> CurrentSink = new();
    private static int _installed;
    private static TextWriter _stdout = TextWriter.Null;
    private static TextWriter _stderr = TextWriter.Null;

    /// <summary>The sink of the running cell, or null outside a notebook or REPL.</summary>
    public static IOutputSink? Current => CurrentSink.Value;

    /// <summary>Routes Console output and displays of the current async flow to <paramref name="sink"/> until disposed.</summary>
    public static IDisposable Capture(IOutputSink sink)
    {
        InstallConsoleRouting();
        var previous = CurrentSink.Value;
        CurrentSink.Value = sink;
        return new Restore(previous);
    }

    private sealed class Restore(IOutputSink? previous) : IDisposable
    {
        public void Dispose() => CurrentSink.Value = previous;
    }

    /// <summary>Replaces Console.Out/Error once by writers that send text to the current sink, else to the real console.</summary>
    private static void InstallConsoleRouting()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return;
        _stdout = Console.Out;
        _stderr = Console.Error;
        Console.SetOut(new RoutingWriter("stdout", () => _stdout));
        Console.SetError(new RoutingWriter("stderr", () => _stderr));
    }

    /// <summary>The process's real standard output (not captured), for hosts that must print while a cell runs.</summary>
    public static TextWriter RealStdout => _installed == 1 ? _stdout : Console.Out;

    /// <summary>The process's real standard error (not captured).</summary>
    public static TextWriter RealStderr => _installed == 1 ? _stderr : Console.Error;

    private sealed class RoutingWriter(string stream, Func<TextWriter> fallback) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        private void Send(string? text)
        {
            if (string.IsNullOrEmpty(text)) return;
            var sink = CurrentSink.Value;
            if (sink is null) fallback().Write(text);
            else sink.WriteStream(stream, text);
        }

        public override void Write(char value) => Send(value.ToString());
        public override void Write(string? value) => Send(value);
        public override void Write(char[] buffer, int index, int count) => Send(new string(buffer, index, count));
        public override void WriteLine(string? value) => Send(value + "\n");
        public override void WriteLine() => Send("\n");
        public override void Flush()
        {
            if (CurrentSink.Value is null) fallback().Flush();
        }
    }
}

/// <summary>A value shown by <c>display(…)</c>; <see cref="Update"/> replaces what was shown (as in Polyglot).</summary>
public sealed class DisplayedValue
{
    private readonly IOutputSink? _sink;

    internal DisplayedValue(IOutputSink? sink, string displayId, IReadOnlyCollection<string> mimeTypes)
    {
        _sink = sink;
        DisplayId = displayId;
        MimeTypes = mimeTypes;
    }

    public string DisplayId { get; }
    public IReadOnlyCollection<string> MimeTypes { get; }

    /// <summary>Replaces the displayed value with <paramref name="value"/>.</summary>
    public void Update(object? value) => _sink?.UpdateDisplay(DisplayId, DisplayFormatter.Format(value, MimeTypes));

    public override string ToString() => $"(displayed {DisplayId})";
}
