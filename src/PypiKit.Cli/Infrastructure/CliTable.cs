using Spectre.Console;

namespace PypiKit.Cli;

/// <summary>
/// Tables for terminals and logs alike: every column but the last is <c>NoWrap</c>, so a number, a path or a figure
/// with its unit is never split across lines ("$30.3/7"); only the last (free text) column wraps when space runs out.
/// </summary>
public static class CliTable
{
    /// <summary>A table with the given column headers.</summary>
    public static Table Create(params string[] headers)
    {
        var table = new Table();
        for (int i = 0; i < headers.Length; i++)
        {
            var column = new TableColumn(Markup.Escape(headers[i]));
            if (i < headers.Length - 1) column.NoWrap();
            table.AddColumn(column);
        }
        return table;
    }

    /// <summary>Makes every column of <paramref name="table"/> <c>NoWrap</c> except those at <paramref name="wrapping"/> (free text).</summary>
    public static Table NoWrapExcept(this Table table, params int[] wrapping)
    {
        for (int i = 0; i < table.Columns.Count; i++)
            table.Columns[i].NoWrap = !wrapping.Contains(i);
        return table;
    }
}
