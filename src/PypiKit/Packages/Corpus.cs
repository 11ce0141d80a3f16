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

/// <summary>Progress of corpus generation or upload.</summary>
public sealed record CorpusProgress(int Done, int Total, string? LastFile);

/// <summary>One generated wheel file.</summary>
public sealed record CorpusFile(string Project, string Version, string FileName, string Path, long SizeBytes, string Sha256);

/// <summary>What a corpus generation wrote.</summary>
public sealed record CorpusResult(string Directory, IReadOnlyList<CorpusFile> Files)
{
    public long TotalBytes => Files.Sum(f => f.SizeBytes);
}

/// <summary>Generates a deterministic corpus of wheels (in parallel) and optionally uploads it.</summary>
public static class Corpus
{
    /// <summary>The wheel specs of a corpus, in order (projects, then versions).</summary>
    public static IReadOnlyList<WheelSpec> Specs(CorpusOptions options)
    {
        options.Validate();
        var specs = new List<WheelSpec>(options.ProjectCount * options.Versions.Count);
        for (int p = 0; p < options.ProjectCount; p++)
        {
            var name = options.NamePrefix + p.ToString().PadLeft(options.NumberDigits, '0');
            foreach (var v in options.Versions)
            {
                var h = SHA256.HashData(Encoding.UTF8.GetBytes($"{options.Seed}/{name}/{v}"));
                long seed = BitConverter.ToInt64(h, 0);
                int span = options.MaxPayloadBytes - options.MinPayloadBytes;
                int size = options.MinPayloadBytes + (span == 0 ? 0 : (int)((ulong)BitConverter.ToInt64(h, 8) % (ulong)(span + 1)));
                specs.Add(new WheelSpec(name, v, size, seed));
            }
        }
        return specs;
    }

    /// <summary>Writes every wheel of the corpus into <paramref name="directory"/>.</summary>
    public static async Task<CorpusResult> GenerateAsync(CorpusOptions options, string directory,
        IProgress<CorpusProgress>? progress = null, CancellationToken ct = default)
    {
        var specs = Specs(options);
        Directory.CreateDirectory(directory);
        var results = new CorpusFile[specs.Count];
        int done = 0;
        var po = new ParallelOptions
        {
            CancellationToken = ct,
            MaxDegreeOfParallelism = options.MaxParallelism > 0 ? options.MaxParallelism : Environment.ProcessorCount,
        };
        await Parallel.ForEachAsync(Enumerable.Range(0, specs.Count), po, async (i, token) =>
        {
            var spec = specs[i];
            var wheel = WheelBuilder.Build(spec);
            var path = Path.Combine(directory, wheel.FileName);
            var tmp = Path.Combine(directory, $".{wheel.FileName}.{Guid.NewGuid():N}.tmp");
            await File.WriteAllBytesAsync(tmp, wheel.Content, token);
            File.Move(tmp, path, overwrite: true);
            results[i] = new CorpusFile(spec.Name, spec.Version, wheel.FileName, path, wheel.Content.Length, wheel.Sha256);
            var n = Interlocked.Increment(ref done);
            progress?.Report(new CorpusProgress(n, specs.Count, wheel.FileName));
        });
        return new CorpusResult(Path.GetFullPath(directory), results);
    }

    /// <summary>Uploads the files of a corpus with <paramref name="client"/>, a few at a time. Returns every result.</summary>
    public static async Task<IReadOnlyList<UploadResult>> UploadAsync(CorpusResult corpus, UploadClient client,
        int maxParallelism = 4, IProgress<CorpusProgress>? progress = null, CancellationToken ct = default)
    {
        var results = new ConcurrentBag<UploadResult>();
        int done = 0;
        await Parallel.ForEachAsync(corpus.Files, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Math.Max(1, maxParallelism) },
            async (f, token) =>
            {
                results.Add(await client.UploadFileAsync(f.Path, token));
                progress?.Report(new CorpusProgress(Interlocked.Increment(ref done), corpus.Files.Count, f.FileName));
            });
        return results.ToList();
    }
}
