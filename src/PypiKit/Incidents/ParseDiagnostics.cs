namespace PypiKit.Incidents;

/// <summary>How a parser treats a line it cannot read.</summary>
public enum ParseMode
{
    /// <summary>The first bad line stops the parse with an <see cref="IncidentParseException"/> naming the line number.</summary>
    Strict,
    /// <summary>Bad lines are skipped, counted and listed (line number, reason) in <see cref="ParseDiagnostics"/>.</summary>
    Tolerant,
}

/// <summary>
/// Options every parser takes. Host tools that print no timestamps (<c>vmstat</c> without <c>-t</c>, <c>iostat</c>
/// without <c>-t</c>, a bare <c>free -m</c>) are placed on the timeline from <see cref="StartTime"/> plus
/// <see cref="Interval"/> per sample; timestamps without a year (<c>ts</c>'s default "Dec 27 16:35:24") take
/// <see cref="Year"/> (else the year of <see cref="StartTime"/>). Host clocks are read as <see cref="UtcOffset"/> (default UTC).
/// </summary>
public sealed record ParseOptions
{
    public ParseMode Mode { get; init; } = ParseMode.Strict;
    public DateTimeOffset? StartTime { get; init; }
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);
    public int? Year { get; init; }
    public TimeSpan UtcOffset { get; init; } = TimeSpan.Zero;
    /// <summary>How many rejected lines keep their text and reason (all are counted; line numbers are always kept).</summary>
    public int MaxRejectsKept { get; init; } = 100_000;
    /// <summary>
    /// The longest line a parser reads, in bytes (characters for text captures): a longer line is rejected and skipped
    /// without being buffered whole. Default 1 MiB.
    /// </summary>
    public int MaxLineBytes { get; init; } = DefaultMaxLineBytes;

    /// <summary>1 MiB: far above any real log line (ALB lines are a few KiB).</summary>
    public const int DefaultMaxLineBytes = 1 << 20;

    public static ParseOptions Strict { get; } = new();
    public static ParseOptions Tolerant { get; } = new() { Mode = ParseMode.Tolerant };

    public ParseOptions Validate()
    {
        if (Interval <= TimeSpan.Zero) throw new InvalidInputException("interval", $"interval must be positive, got {Interval}.");
        if (MaxRejectsKept < 0) throw new InvalidInputException("max_rejects_kept", "max_rejects_kept must be >= 0.");
        if (MaxLineBytes < 256) throw new InvalidInputException("max_line_bytes", $"the line limit must be at least 256 bytes, got {MaxLineBytes}.");
        if (Year is < 1970 or > 9999) throw new InvalidInputException("year", $"year must be 1970-9999, got {Year}.");
        return this;
    }
}

/// <summary>One line a parser could not read: where, why, and (up to 200 characters of) what it said.</summary>
public sealed record ParseReject(string Source, long LineNumber, string Reason, string Line);

/// <summary>A line a parser could not read in <see cref="ParseMode.Strict"/> mode. The message names source and line number.</summary>
public sealed class IncidentParseException : InvalidInputException
{
    public IncidentParseException(string source, long lineNumber, string reason)
        : base(source, $"{source}:{lineNumber}: {reason}")
    {
        SourceName = source;
        LineNumber = lineNumber;
        Reason = reason;
    }

    /// <summary>The file (or stream name) the line came from.</summary>
    public string SourceName { get; }
    public long LineNumber { get; }
    public string Reason { get; }
}

/// <summary>
/// What one parse read and rejected. In tolerant mode every rejected line is counted and its number kept in
/// <see cref="RejectedLineNumbers"/>; the first <see cref="ParseOptions.MaxRejectsKept"/> also keep reason and text.
/// </summary>
public sealed class ParseDiagnostics
{
    private readonly List<ParseReject> _rejects = new();
    private readonly List<long> _rejectedLines = new();
    private readonly ParseOptions _options;

    public ParseDiagnostics(string source, string format, ParseOptions? options = null)
    {
        Source = source;
        Format = format;
        _options = options ?? ParseOptions.Strict;
    }

    public string Source { get; }
    public string Format { get; }
    public long LinesRead { get; internal set; }
    public long Accepted { get; internal set; }
    public long Rejected => _rejectedLines.Count;
    public IReadOnlyList<ParseReject> Rejects => _rejects;
    public IReadOnlyList<long> RejectedLineNumbers => _rejectedLines;
    public ParseMode Mode => _options.Mode;
    public ParseOptions Options => _options;

    /// <summary>
    /// Why the file as a whole could not be (fully) used — a damaged gzip, samples that cannot be placed in time — or
    /// null. Set through <see cref="Fail"/>; what was read before the problem is kept.
    /// </summary>
    public string? Problem { get; private set; }

    /// <summary>Lines read correctly but deliberately left out (e.g. vmstat's since-boot first row), with why.</summary>
    public IReadOnlyList<string> Notes => _notes;
    private readonly List<string> _notes = new();

    internal void Note(string note) => _notes.Add(note);

    /// <summary>Records a problem with the whole file; throws <see cref="InvalidInputException"/> in strict mode.</summary>
    public void Fail(string problem)
    {
        if (_options.Mode == ParseMode.Strict) throw new InvalidInputException(Source, $"{Source}: {problem}");
        Problem ??= problem;
    }

    /// <summary>Rejects a line longer than <see cref="ParseOptions.MaxLineBytes"/> (only its start is kept).</summary>
    internal void RejectTooLong(long lineNumber, ReadOnlySpan<byte> prefix) =>
        Reject(lineNumber, $"line longer than {_options.MaxLineBytes:N0} bytes (skipped unread)", prefix);

    /// <summary>Records a bad line; throws <see cref="IncidentParseException"/> in strict mode.</summary>
    public void Reject(long lineNumber, string reason, ReadOnlySpan<char> line)
    {
        if (_options.Mode == ParseMode.Strict) throw new IncidentParseException(Source, lineNumber, reason);
        _rejectedLines.Add(lineNumber);
        if (_rejects.Count < _options.MaxRejectsKept)
            _rejects.Add(new ParseReject(Source, lineNumber, reason, new string(line.Length > 200 ? line[..200] : line)));
    }

    internal void Reject(long lineNumber, string reason, ReadOnlySpan<byte> line)
    {
        if (_options.Mode == ParseMode.Strict) throw new IncidentParseException(Source, lineNumber, reason);
        _rejectedLines.Add(lineNumber);
        if (_rejects.Count < _options.MaxRejectsKept)
            _rejects.Add(new ParseReject(Source, lineNumber, reason,
                System.Text.Encoding.UTF8.GetString(line.Length > 200 ? line[..200] : line)));
    }

    public ParseSummary Summary() => new(Source, Format, LinesRead, Accepted, Rejected,
        _rejects.Take(20).ToArray())
    { Problem = Problem };

    public override string ToString() => $"{Source} ({Format}): {Accepted} accepted, {Rejected} rejected of {LinesRead} lines";
}

/// <summary>A serializable summary of a <see cref="ParseDiagnostics"/> (the first 20 rejects as examples).</summary>
public sealed record ParseSummary(string Source, string Format, long LinesRead, long Accepted, long Rejected,
    IReadOnlyList<ParseReject> ExampleRejects)
{
    /// <summary>A problem with the file as a whole (damaged gzip, unplaceable samples), or null.</summary>
    public string? Problem { get; init; }
}

/// <summary>A parser's result and what it rejected.</summary>
public sealed record Parsed<T>(T Value, ParseDiagnostics Diagnostics);
