namespace PypiKit.Charts;

/// <summary>A plotly title object (<c>{"text": …}</c>); a string converts to one implicitly.</summary>
public sealed record Title(string Text)
{
    public Font? Font { get; init; }

    public static implicit operator Title(string text) => new(text);
}

/// <summary>Font: <c>family</c>, <c>size</c> (px), <c>color</c>.</summary>
public sealed record Font(string? Family = null, double? Size = null, string? Color = null);
