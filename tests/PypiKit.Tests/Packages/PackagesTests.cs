using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using PypiKit.Packages;

namespace PypiKit.Tests.Packages;

public class ProjectNameTests
{
    [Theory]
    [InlineData("Foo.Bar_baz", "foo-bar-baz")]
    [InlineData("test-package-007", "test-package-007")]
    [InlineData("A__B..C--D", "a-b-c-d")]
    [InlineData("UP.Demo", "up-demo")]
    public void Normalize_follows_pep_503(string raw, string expected)
    {
        Assert.Equal(expected, ProjectName.Normalize(raw));
        Assert.True(ProjectName.IsNormalized(expected));
        Assert.Equal(raw == expected, ProjectName.IsNormalized(raw));
    }

    [Fact]
    public void Distribution_and_import_names_escape_separators()
    {
        Assert.Equal("test_package_007", ProjectName.ToDistributionName("test-package-007"));
        Assert.Equal("foo_bar", ProjectName.ToDistributionName("Foo.Bar"));
        Assert.Equal("_9lives", ProjectName.ToImportName("9lives"));
        Assert.False(ProjectName.IsValid("-bad"));
        Assert.True(ProjectName.IsValid("good.name_1"));
    }
}

public class DistributionFileNameTests
{
    [Theory]
    [InlineData("tiny_demo-0.1.0-py3-none-any.whl", "tiny_demo", "0.1.0", DistributionKind.Wheel)]
    [InlineData("pkg-1.0-1-py3-none-any.whl", "pkg", "1.0-1", DistributionKind.Wheel)] // build tag appended
    [InlineData("Up.Demo-2.0.0.tar.gz", "Up.Demo", "2.0.0", DistributionKind.Sdist)]
    [InlineData("foo-bar-1.2.3rc1.zip", "foo-bar", "1.2.3rc1", DistributionKind.Sdist)]
    [InlineData("egg_pkg-0.3-py3.11.egg", "egg_pkg", "0.3", DistributionKind.Egg)]
    [InlineData("pkg-7.tar.gz", "pkg", "7", DistributionKind.Sdist)]
    [InlineData("tiny_demo-0.1.0-py3-none-any.whl.asc", "tiny_demo", "0.1.0", DistributionKind.Signature)]
    public void Parses_like_pypiserver(string file, string project, string version, DistributionKind kind)
    {
        var p = DistributionFileName.TryParse(file);
        Assert.NotNull(p);
        Assert.Equal(project, p.Project);
        Assert.Equal(version, p.Version);
        Assert.Equal(kind, p.Kind);
    }

    [Theory]
    [InlineData("notapackage.txt")]
    [InlineData("README")]
    [InlineData("sub/pkg-1.0.tar.gz")]
    [InlineData("nover.tar.gz")]
    public void Unparseable_names_are_null(string file) => Assert.Null(DistributionFileName.TryParse(file));

    [Fact]
    public void Safe_characters_are_pypiservers()
    {
        Assert.True(DistributionFileName.HasSafeCharacters("A_b.c-1+local!x.whl"));
        Assert.False(DistributionFileName.HasSafeCharacters("a b.whl"));
        Assert.False(DistributionFileName.HasSafeCharacters("..%2Fx.whl"));
    }
}

public class LegacyVersionTests
{
    [Fact]
    public void Orders_versions_like_setuptools_legacy_parse()
    {
        string[] expected = ["0.9", "1.0.dev1", "1.0a1", "1.0b2", "1.0rc1", "1.0", "1.0.1", "1.1", "1.10", "2.0.0"];
        var shuffled = expected.Reverse().ToArray();
        Assert.Equal(expected, shuffled.OrderBy(LegacyVersion.SortKey, StringComparer.Ordinal));
        Assert.Equal(0, LegacyVersion.Compare("1.0", "1.0.0"));
    }
}

[Trait("Category", "Slow")]
public class WheelBuilderTests
{
    [Fact]
    public void Wheels_are_deterministic_and_their_record_is_valid()
    {
        var spec = new WheelSpec("test-package-007", "1.1.0", 10_000, 99);
        var a = WheelBuilder.Build(spec);
        var b = WheelBuilder.Build(spec);
        Assert.Equal(a.Content, b.Content);
        Assert.NotEqual(a.Content, WheelBuilder.Build(spec with { Seed = 100 }).Content);
        Assert.Equal("test_package_007-1.1.0-py3-none-any.whl", a.FileName);

        using var zip = new ZipArchive(new MemoryStream(a.Content));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("test_package_007/__init__.py", names);
        Assert.Contains("test_package_007-1.1.0.dist-info/METADATA", names);
        Assert.Contains("test_package_007-1.1.0.dist-info/WHEEL", names);
        var record = Read(zip, "test_package_007-1.1.0.dist-info/RECORD");
        var lines = record.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(names.Count, lines.Length);
        foreach (var line in lines)
        {
            var parts = line.Split(',');
            if (parts[0].EndsWith("/RECORD")) { Assert.Equal(",,", line[parts[0].Length..]); continue; }
            var data = ReadBytes(zip, parts[0]);
            Assert.Equal("sha256=" + WheelBuilder.RecordDigest(data), parts[1]);
            Assert.DoesNotContain("=", parts[1][7..]); // urlsafe, unpadded
            Assert.Equal(data.Length.ToString(), parts[2]);
        }
        Assert.Equal(10_000, ReadBytes(zip, "test_package_007/_payload.bin").Length);
        Assert.Contains("Name: test-package-007\n", Read(zip, "test_package_007-1.1.0.dist-info/METADATA"));
        Assert.Contains("Tag: py3-none-any", Read(zip, "test_package_007-1.1.0.dist-info/WHEEL"));
    }

    [Theory]
    [InlineData(1023)]
    [InlineData(5 * 1024 * 1024 + 1)]
    public void Payload_size_is_validated(int size)
    {
        var ex = Assert.Throws<InvalidInputException>(() => WheelBuilder.Build(new WheelSpec("x", "1.0", size)));
        Assert.Equal("payload_bytes", ex.Input);
    }

    [Fact]
    public async Task Pip_installs_a_built_wheel()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDir("pypikit-wheel-");
        var dir = temp.Path;
        var path = await WheelBuilder.WriteAsync(new WheelSpec("Pip.Check", "3.2.1", 5 * 1024 * 1024, 1), dir, ct);
        var target = Path.Combine(dir, "target");
        var (code, output) = await RunAsync("python3", ["-m", "pip", "install", "--no-deps", "--no-cache-dir", "--no-index", "--target", target, path], null, ct);
        Assert.True(code == 0, output);
        (code, output) = await RunAsync("python3", ["-c", "import pip_check, os; print(pip_check.__version__, os.path.getsize(os.path.join(os.path.dirname(pip_check.__file__), '_payload.bin')))"], target, ct);
        Assert.True(code == 0, output);
        Assert.Equal($"3.2.1 {5 * 1024 * 1024}", output.Trim());
    }

    private static string Read(ZipArchive zip, string name) => Encoding.UTF8.GetString(ReadBytes(zip, name));

    private static byte[] ReadBytes(ZipArchive zip, string name)
    {
        using var s = zip.GetEntry(name)!.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    internal static async Task<(int, string)> RunAsync(string file, string[] args, string? pythonPath, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("PIP_FIND_LINKS");
        psi.Environment["PIP_DISABLE_PIP_VERSION_CHECK"] = "1";
        psi.Environment["PIP_CONFIG_FILE"] = "/dev/null";
        if (pythonPath is not null) psi.Environment["PYTHONPATH"] = pythonPath;
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync(ct);
        var e = p.StandardError.ReadToEndAsync(ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(90));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(true); throw; }
        return (p.ExitCode, await o + await e);
    }
}

public class CorpusTests
{
    [Fact]
    public void Default_corpus_is_100_projects_times_3_versions()
    {
        var specs = Corpus.Specs(new CorpusOptions());
        Assert.Equal(300, specs.Count);
        Assert.Equal("test-package-000", specs[0].Name);
        Assert.Equal("test-package-099", specs[^1].Name);
        Assert.Equal(["1.0.0", "1.1.0", "2.0.0"], specs.Take(3).Select(s => s.Version));
        Assert.All(specs, s => Assert.InRange(s.PayloadBytes, 2048, 32 * 1024));
        Assert.Equal(specs, Corpus.Specs(new CorpusOptions()));
    }

    [Fact]
    public async Task Generation_is_parallel_deterministic_and_reports_progress()
    {
        var ct = TestContext.Current.CancellationToken;
        using var a = new TempDir("pypikit-corpus-");
        using var b = new TempDir("pypikit-corpus-");
        var options = new CorpusOptions { ProjectCount = 6, Versions = ["1.0", "2.0"], MaxParallelism = 4 };
        var reports = new List<CorpusProgress>();
        var progress = new SyncProgress(reports);
        var r1 = await Corpus.GenerateAsync(options, a.Path, progress, ct);
        var r2 = await Corpus.GenerateAsync(options, b.Path, null, ct);
        Assert.Equal(12, r1.Files.Count);
        Assert.Equal(12, Directory.GetFiles(a.Path).Length);
        Assert.Equal(r1.Files.Select(f => f.Sha256), r2.Files.Select(f => f.Sha256));
        Assert.Equal(12, reports.Count);
        Assert.Equal(12, reports.Max(p => p.Done));
    }

    [Fact]
    public void Bad_options_name_the_field()
    {
        Assert.Equal("project_count", Assert.Throws<InvalidInputException>(() => new CorpusOptions { ProjectCount = 0 }.Validate()).Input);
        Assert.Equal("payload_bytes", Assert.Throws<InvalidInputException>(() => new CorpusOptions { MinPayloadBytes = 10 }.Validate()).Input);
        Assert.Equal("versions", Assert.Throws<InvalidInputException>(() => new CorpusOptions { Versions = [] }.Validate()).Input);
    }

    private sealed class SyncProgress(List<CorpusProgress> sink) : IProgress<CorpusProgress>
    {
        public void Report(CorpusProgress value) { lock (sink) sink.Add(value); }
    }
}

public class UploadClientTests
{
    [Fact]
    public async Task Multipart_body_is_laid_out_like_twine()
    {
        var content = new TwineMultipartContent([(":action", "file_upload"), ("protocol_version", "1")], ("content", "x-1.0-py3-none-any.whl", [1, 2, 3]), "BOUNDARY");
        var text = Encoding.Latin1.GetString(await content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n" +
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"protocol_version\"\r\n\r\n1\r\n" +
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"content\"; filename=\"x-1.0-py3-none-any.whl\"\r\nContent-Type: application/octet-stream\r\n\r\n\u0001\u0002\u0003\r\n" +
            "--BOUNDARY--\r\n", text);
        Assert.Equal("multipart/form-data; boundary=BOUNDARY", content.Headers.ContentType!.ToString());
        Assert.Equal(text.Length, content.Headers.ContentLength);
    }
}
