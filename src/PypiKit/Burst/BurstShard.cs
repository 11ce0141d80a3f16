namespace PypiKit.Burst;

/// <summary>
/// A slice of a profile: shard <see cref="Index"/> (1-based) of <see cref="Count"/>. Workers and connections are dealt
/// round-robin, so N shards together send exactly what one whole run would; merge their results with
/// <see cref="BurstMerge"/>.
/// </summary>
public sealed record BurstShard(int Index, int Count)
{
    public static BurstShard Whole { get; } = new(1, 1);

    public bool IsWhole => Count == 1;

    /// <summary>Does this shard run worker slot / connection <paramref name="slot"/> (0-based)?</summary>
    public bool Owns(int slot) => slot % Count == Index - 1;

    /// <summary>Parses <c>i/N</c> (1 ≤ i ≤ N).</summary>
    public static BurstShard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out var i) && int.TryParse(parts[1], out var n) && n >= 1 && i >= 1 && i <= n)
            return new BurstShard(i, n);
        throw new InvalidInputException("--shard", $"--shard '{text}': expected i/N with 1 ≤ i ≤ N, e.g. 1/2");
    }

    public override string ToString() => $"{Index}/{Count}";
}
