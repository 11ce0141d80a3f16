using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace PypiKit.Packages;

/// <summary>
/// Knobs of a synthetic package corpus. Defaults: 100 projects <c>test-package-000…099</c> × versions 1.0.0, 1.1.0, 2.0.0,
/// payloads of 2 KiB … 32 KiB drawn from <see cref="Seed"/>.
/// </summary>
public sealed record CorpusOptions
{
    public int ProjectCount { get; init; } = 100;
    public string NamePrefix { get; init; } = "test-package-";
    /// <summary>Digits of the zero-padded project number (3 ⇒ <c>000</c>).</summary>
    public int NumberDigits { get; init; } = 3;
    public IReadOnlyList<string> Versions { get; init; } = ["1.0.0", "1.1.0", "2.0.0"];
    /// <summary>Smallest payload per wheel, bytes (≥ 1024).</summary>
    public int MinPayloadBytes { get; init; } = 2 * 1024;
    /// <summary>Largest payload per wheel, bytes (≤ 5 MiB).</summary>
    public int MaxPayloadBytes { get; init; } = 32 * 1024;
    public long Seed { get; init; } = 42;
    /// <summary>Wheels built at once; 0 ⇒ processor count.</summary>
    public int MaxParallelism { get; init; }

    public void Validate()
    {
        if (ProjectCount is < 1 or > 100_000) throw new InvalidInputException("project_count", $"project_count: {ProjectCount} is outside 1…100000.");
        if (NumberDigits is < 1 or > 9) throw new InvalidInputException("number_digits", $"number_digits: {NumberDigits} is outside 1…9.");
        if (Versions.Count == 0) throw new InvalidInputException("versions", "versions: at least one version is needed.");
        if (MinPayloadBytes < WheelSpec.MinPayloadBytes || MaxPayloadBytes > WheelSpec.MaxPayloadBytes || MinPayloadBytes > MaxPayloadBytes)
            throw new InvalidInputException("payload_bytes", $"payload_bytes: {MinPayloadBytes}…{MaxPayloadBytes} must lie within {WheelSpec.MinPayloadBytes}…{WheelSpec.MaxPayloadBytes} with min ≤ max.");
        if (MaxParallelism < 0) throw new InvalidInputException("max_parallelism", $"max_parallelism: {MaxParallelism} is negative.");
        if (!ProjectName.IsValid(NamePrefix + new string('0', NumberDigits)))
            throw new InvalidInputException("name_prefix", $"name_prefix: '{NamePrefix}' does not give valid project names.");
    }
}
