using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace PypiKit.Burst;

/// <summary>
/// Builds small valid PEP 427 wheels in memory (package <c>__init__.py</c>, dist-info METADATA, WHEEL, RECORD with
/// urlsafe-base64 sha256 digests) so every upload is a fresh file pypiserver accepts. A self-contained minimal
/// builder for the burst engine; the full wheel builder lives in <c>PypiKit.Packages</c>.
/// </summary>
public static class BurstWheelFactory
{
    /// <summary>Wheel file name for a project and version: <c>test_package_007-1.0.0-py3-none-any.whl</c>.</summary>
    public static string FileName(string project, string version) => $"{DistName(project)}-{version}-py3-none-any.whl";

    /// <summary>PEP 503 normalised name with '-' → '_' (the wheel's distribution name).</summary>
    public static string DistName(string project) =>
        System.Text.RegularExpressions.Regex.Replace(project.ToLowerInvariant(), "[-_.]+", "_");

    public static byte[] Build(string project, string version)
    {
        var dist = DistName(project);
        var distInfo = $"{dist}-{version}.dist-info";
        var files = new List<(string Path, byte[] Data)>
        {
            ($"{dist}/__init__.py", Encoding.UTF8.GetBytes($"__version__ = \"{version}\"\n")),
            ($"{distInfo}/METADATA", Encoding.UTF8.GetBytes($"Metadata-Version: 2.1\nName: {project}\nVersion: {version}\nSummary: PypiKit burst upload\n")),
            ($"{distInfo}/WHEEL", Encoding.UTF8.GetBytes("Wheel-Version: 1.0\nGenerator: pypikit-burst\nRoot-Is-Purelib: true\nTag: py3-none-any\n")),
        };
        var record = new StringBuilder();
        foreach (var (path, data) in files)
        {
            var digest = Convert.ToBase64String(SHA256.HashData(data)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            record.Append(path).Append(",sha256=").Append(digest).Append(',').Append(data.Length).Append('\n');
        }
        record.Append(distInfo).Append("/RECORD,,\n");
        files.Add(($"{distInfo}/RECORD", Encoding.UTF8.GetBytes(record.ToString())));

        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, data) in files)
            {
                var e = zip.CreateEntry(path, CompressionLevel.Fastest);
                e.LastWriteTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var s = e.Open();
                s.Write(data);
            }
        }
        return ms.ToArray();
    }

    /// <summary>The legacy upload form twine sends (<c>:action=file_upload</c>, metadata fields, <c>content</c>).</summary>
    public static MultipartFormDataContent UploadForm(string project, string version, byte[] wheel)
    {
        var form = new MultipartFormDataContent("pypikit" + Guid.NewGuid().ToString("N"));
        void Field(string name, string value)
        {
            var c = new StringContent(value);
            c.Headers.ContentType = null;
            c.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data") { Name = $"\"{name}\"" };
            form.Add(c);
        }
        Field(":action", "file_upload");
        Field("protocol_version", "1");
        Field("name", project);
        Field("version", version);
        Field("filetype", "bdist_wheel");
        Field("pyversion", "py3");
        Field("metadata_version", "2.1");
        Field("sha256_digest", Convert.ToHexStringLower(SHA256.HashData(wheel)));
        var file = new ByteArrayContent(wheel);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        file.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data")
        {
            Name = "\"content\"",
            FileName = $"\"{FileName(project, version)}\"",
        };
        form.Add(file);
        return form;
    }
}
