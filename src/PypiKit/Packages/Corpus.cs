using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace PypiKit.Packages;

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
