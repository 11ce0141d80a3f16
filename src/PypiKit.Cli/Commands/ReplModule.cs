using System.CommandLine;
using System.Text;
using PypiKit.Notebooks.Repl;

namespace PypiKit.Cli.Commands;

/// <summary><c>pypikit repl</c>: an interactive C# session with PypiKit referenced and its namespaces imported.</summary>
public sealed class ReplModule : ICliModule
{
    public Command Build()
    {
        var history = new Option<string?>("--history")
        {
            Description = "History file (default: $PYPIKIT_HISTORY, else ~/.pypikit_history).",
        };
        var noHistory = new Option<bool>("--no-history") { Description = "Neither read nor write a history file." };
        var charts = new Option<string?>("--charts-dir")
        {
            Description = "Directory the REPL writes charts to as HTML pages (default: ./pypikit-charts).",
        };
        var cmd = new Command("repl",
            "Interactive C# on the .NET Interactive kernel notebooks run on, with PypiKit referenced and its namespaces " +
            "imported. Input continues until the code is complete; a final expression without ';' is printed; charts are " +
            "written to HTML files and their paths printed; errors don't end the session; Ctrl+C cancels the running code " +
            "or the current input only. #help lists the entry points, #exit leaves. Reads piped input too.\n" +
            "Example: echo 'Enumerable.Range(1, 3).Sum()' | pypikit repl --no-history");
        cmd.Options.Add(history);
        cmd.Options.Add(noHistory);
        cmd.Options.Add(charts);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var interactive = !Console.IsInputRedirected;
            var options = new ReplOptions { ShowPrompts = interactive };
            if (r.GetValue(noHistory)) options = options with { HistoryPath = null };
            else if (r.GetValue(history) is { } h) options = options with { HistoryPath = Path.GetFullPath(h) };
            if (r.GetValue(charts) is { } c) options = options with { ChartsDirectory = Path.GetFullPath(c) };
            var output = CliConsole.Text;
            ILineReader reader = interactive && !Console.IsOutputRedirected
                ? new ConsoleLineEditor(output)
                : new TextLineReader(Console.In, interactive ? output : null);
            await using var session = new ReplSession(options, reader, output, CliConsole.Error);
            // Ctrl+C (SIGINT) belongs to the session: it cancels the running submission or the current input, never the REPL.
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                session.Interrupt();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                return await session.RunAsync(ct);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return cmd;
    }
}

/// <summary>A small console line editor: ←/→, Home/End, Backspace/Delete, ↑/↓ through history, Ctrl+D at an empty line ends.</summary>
internal sealed class ConsoleLineEditor(TextWriter output) : ILineReader
{
    public string? ReadLine(string prompt, IReadOnlyList<string> history)
    {
        output.Write(prompt);
        output.Flush();
        var line = new StringBuilder();
        var pos = 0;
        var index = history.Count;
        var promptLeft = Console.CursorLeft;
        _drawn = 0;
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    output.WriteLine();
                    return line.ToString();
                case ConsoleKey.Backspace when pos > 0:
                    line.Remove(--pos, 1);
                    break;
                case ConsoleKey.Delete when pos < line.Length:
                    line.Remove(pos, 1);
                    break;
                case ConsoleKey.LeftArrow when pos > 0:
                    pos--;
                    break;
                case ConsoleKey.RightArrow when pos < line.Length:
                    pos++;
                    break;
                case ConsoleKey.Home:
                    pos = 0;
                    break;
                case ConsoleKey.End:
                    pos = line.Length;
                    break;
                case ConsoleKey.UpArrow when index > 0:
                    index--;
                    line.Clear().Append(history[index].Replace('\n', ' '));
                    pos = line.Length;
                    break;
                case ConsoleKey.DownArrow when index < history.Count:
                    index++;
                    line.Clear().Append(index < history.Count ? history[index].Replace('\n', ' ') : "");
                    pos = line.Length;
                    break;
                case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control) && line.Length == 0:
                    output.WriteLine();
                    return null;
                default:
                    if (key.KeyChar >= ' ' && !char.IsControl(key.KeyChar))
                        line.Insert(pos++, key.KeyChar);
                    break;
            }
            Redraw(line, pos, promptLeft);
        }
    }

    private int _drawn;

    private void Redraw(StringBuilder line, int pos, int promptLeft)
    {
        var width = Math.Max(Console.BufferWidth, 20);
        var top = Console.CursorTop;
        Console.SetCursorPosition(Math.Min(promptLeft, width - 1), top);
        output.Write(line.ToString().PadRight(Math.Max(_drawn, line.Length) + 1));
        _drawn = line.Length;
        output.Flush();
        Console.SetCursorPosition(Math.Min(promptLeft + pos, width - 1), top);
    }
}
