using System.Globalization;

namespace PypiKit.Sizing;

/// <summary>A small header-addressed CSV reader for the data files (errors name the file, line and column).</summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;
    private readonly string _source;

    private CsvTable(string source, string[] header, List<(int Line, string[] Fields)> rows)
    {
        _source = source;
        _columns = header.Select((h, i) => (h.Trim(), i)).ToDictionary(x => x.Item1, x => x.i, StringComparer.OrdinalIgnoreCase);
        Rows = rows;
    }

    public IReadOnlyList<(int Line, string[] Fields)> Rows { get; }

    public static CsvTable Read(TextReader reader, string source)
    {
        string[]? header = null;
        var rows = new List<(int, string[])>();
        int lineNo = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var record = SplitLine(line);
            if (header is null) { header = record; continue; }
            rows.Add((lineNo, record));
        }
        if (header is null) throw new InvalidInputException(source, $"{source}: the CSV file is empty (a header row is expected).");
        return new CsvTable(source, header, rows);
    }

    public static CsvTable ReadFile(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException(path, $"file not found: {path}");
        using var r = new StreamReader(path);
        return Read(r, path);
    }

    public static CsvTable ReadResource(string name)
    {
        var asm = typeof(CsvTable).Assembly;
        using var s = asm.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from {asm.GetName().Name}");
        using var r = new StreamReader(s);
        return Read(r, name);
    }

    /// <summary>Splits one CSV line (RFC 4180 quoting: "a,b" and "" inside quotes; no line breaks inside fields).</summary>
    internal static string[] SplitLine(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields.ToArray();
    }

    public bool Has(string column) => _columns.ContainsKey(column);

    public void Require(params string[] columns)
    {
        var missing = columns.Where(c => !_columns.ContainsKey(c)).ToArray();
        if (missing.Length > 0)
            throw new InvalidInputException(_source, $"{_source}: missing column(s) {string.Join(", ", missing)}");
    }

    public string Get((int Line, string[] Fields) row, string column)
    {
        if (!_columns.TryGetValue(column, out int i) || i >= row.Fields.Length) return "";
        return row.Fields[i].Trim();
    }

    public double GetDouble((int Line, string[] Fields) row, string column) =>
        TryGetDouble(row, column) ?? throw Bad(row, column, "a number");

    public double? TryGetDouble((int Line, string[] Fields) row, string column)
    {
        var s = Get(row, column);
        if (s.Length == 0) return null;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(row, column, "a number");
    }

    public decimal GetDecimal((int Line, string[] Fields) row, string column)
    {
        var s = Get(row, column);
        return decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(row, column, "a number");
    }

    public bool GetBool((int Line, string[] Fields) row, string column)
    {
        var s = Get(row, column);
        return s.ToLowerInvariant() switch
        {
            "true" or "yes" or "1" => true,
            "false" or "no" or "0" or "" => false,
            _ => throw Bad(row, column, "true or false"),
        };
    }

    private InvalidInputException Bad((int Line, string[] Fields) row, string column, string expected) =>
        new(_source, $"{_source} line {row.Line}: column {column} must be {expected}, found '{Get(row, column)}'");
}
