using PypiKit.Sizing;
using Spectre.Console;

namespace PypiKit.Cli.Commands.Size;

/// <summary>Prints sizing warnings: one "warning:" line each, then the command that plans the fix.</summary>
internal static class SizeWarningLines
{
    public static void Write(IEnumerable<SizingWarning> warnings)
    {
        foreach (var w in warnings)
        {
            SizeOutput.Out.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w.Message)}");
            if (w.Fix is { } fix) SizeOutput.Out.MarkupLine($"  [dim]fix:[/] {Markup.Escape(fix)}");
        }
    }
}
