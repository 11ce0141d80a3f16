using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using PypiKit.Packages;

namespace PypiKit.Sandbox.Server;

/// <summary>A refused POST: status code and the one-line reason sent as the body.</summary>
internal sealed class RequestRejectedException(int status, string reason) : Exception(reason)
{
    public int Status { get; } = status;
}

/// <summary>
/// <c>POST /</c> of the legacy upload API: <c>file_upload</c>, <c>remove_pkg</c>, <c>doc_upload</c>, <c>verify</c>/<c>submit</c>.
/// The body is streamed into a dot-named temp file in the package root (invisible to listings), validated, then linked to
/// its final name without replacing an existing file (or renamed over it with overwrite on): an upload is all or nothing,
/// concurrent uploads of one name store exactly one, and an aborted upload leaves no file.
/// </summary>
internal sealed class UploadHandler(SandboxServerOptions options, PackageStore store)
{
    private const int MaxFieldBytes = 1 << 20;

    internal long Stored;
    internal long Rejected;

    public async Task<(int Status, string Body)> HandleAsync(HttpContext ctx)
    {
        string? tempContent = null;
        try
        {
            var form = await ReadFormAsync(ctx, t => tempContent = t);
            if (!form.Fields.TryGetValue(":action", out var action) || action.Length == 0)
                throw new RequestRejectedException(400, "Missing ':action' field!");
            switch (action)
            {
                case "file_upload":
                    return await FileUploadAsync(ctx, form);
                case "remove_pkg":
                    return await RemoveAsync(form, ctx.RequestAborted);
                case "doc_upload":
                    if (form.ContentPath is null || !ZipHasIndexHtml(form.ContentPath))
                        throw new RequestRejectedException(400, "Invalid documentation: 'content' must be a zip holding index.html.");
                    return (200, ""); // accepted and discarded, as pypiserver does
                case "verify":
                case "submit":
                    return (200, "");
                default:
                    throw new RequestRejectedException(400, $"Unsupported ':action' field: {action}");
            }
        }
        catch (RequestRejectedException ex)
        {
            Interlocked.Increment(ref Rejected);
            return (ex.Status, ex.Message);
        }
        catch (BadHttpRequestException ex)
        {
            Interlocked.Increment(ref Rejected);
            return ex.StatusCode == 413
                ? (413, $"Request body too large: the limit is {options.MaxUploadBytes} bytes.")
                : (ex.StatusCode, $"Bad request: {ex.Message}");
        }
        catch (Exception ex) when (StorageErrors.Classify(ex) is { } storage)
        {
            Interlocked.Increment(ref Rejected);
            return (storage.Status, storage.Message);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !ctx.RequestAborted.IsCancellationRequested)
        {
            Interlocked.Increment(ref Rejected);
            return (400, $"Malformed multipart body: {ex.Message}");
        }
        finally
        {
            if (tempContent is not null) TryDelete(tempContent);
        }
    }

    private sealed class Form
    {
        public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);
        public string? ContentFileName;
        public string? ContentPath;
        public long ContentLength;
        public string? ContentSha256;
        public string? SignatureFileName;
        public byte[]? Signature;
    }

    private async Task<Form> ReadFormAsync(HttpContext ctx, Action<string> onTemp)
    {
        var ct = ctx.RequestAborted;
        if (!MediaTypeHeaderValue.TryParse(ctx.Request.ContentType, out var mt) || !mt.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw new RequestRejectedException(400, "Malformed request: the body must be multipart/form-data.");
        var boundary = HeaderUtilities.RemoveQuotes(mt.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
            throw new RequestRejectedException(400, "Malformed request: multipart/form-data without a valid boundary.");
        if (ctx.Request.ContentLength > options.MaxUploadBytes)
            throw new RequestRejectedException(413, $"Request body too large: {ctx.Request.ContentLength} bytes, the limit is {options.MaxUploadBytes} bytes.");

        var reader = new MultipartReader(boundary, ctx.Request.Body) { HeadersLengthLimit = 16 * 1024, BodyLengthLimit = options.MaxUploadBytes };
        var form = new Form();
        long fieldBytes = 0;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd) || !cd.DispositionType.Equals("form-data"))
                throw new RequestRejectedException(400, "Malformed multipart body: a part has no form-data Content-Disposition.");
            var name = HeaderUtilities.RemoveQuotes(cd.Name).Value ?? "";
            var hasFile = cd.FileName.HasValue || cd.FileNameStar.HasValue;
            if (hasFile && name == "content")
            {
                if (form.ContentPath is not null) throw new RequestRejectedException(400, "Malformed request: more than one 'content' part.");
                form.ContentFileName = RawFileName(cd);
                var tmp = Path.Combine(store.Root, $"{OrphanUploads.Prefix}{Guid.NewGuid():N}.tmp");
                onTemp(tmp);
                form.ContentPath = tmp;
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                await using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    var buf = new byte[1 << 16];
                    int n;
                    while ((n = await section.Body.ReadAsync(buf, ct)) > 0)
                    {
                        form.ContentLength += n;
                        if (form.ContentLength > options.MaxUploadBytes)
                            throw new RequestRejectedException(413, $"Request body too large: the limit is {options.MaxUploadBytes} bytes.");
                        sha.AppendData(buf, 0, n);
                        await fs.WriteAsync(buf.AsMemory(0, n), ct);
                    }
                }
                form.ContentSha256 = Convert.ToHexStringLower(sha.GetHashAndReset());
            }
            else if (hasFile && name == "gpg_signature")
            {
                form.SignatureFileName = RawFileName(cd);
                form.Signature = await ReadLimitedAsync(section.Body, 64 * 1024, "gpg_signature", ct);
            }
            else
            {
                var bytes = await ReadLimitedAsync(section.Body, MaxFieldBytes, name, ct);
                fieldBytes += bytes.Length;
                if (fieldBytes > 4 * MaxFieldBytes) throw new RequestRejectedException(413, "Form fields too large.");
                form.Fields[name] = Encoding.UTF8.GetString(bytes);
            }
        }
        return form;
    }

    private static string RawFileName(ContentDispositionHeaderValue cd)
    {
        var star = cd.FileNameStar.Value;
        var name = !string.IsNullOrEmpty(star) ? star : HeaderUtilities.RemoveQuotes(cd.FileName).Value;
        return name ?? "";
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream s, int limit, string what, CancellationToken ct)
    {
        using var ms = new MemoryStream();
        var buf = new byte[8192];
        int n;
        while ((n = await s.ReadAsync(buf, ct)) > 0)
        {
            if (ms.Length + n > limit) throw new RequestRejectedException(413, $"Form field '{what}' is larger than {limit} bytes.");
            ms.Write(buf, 0, n);
        }
        return ms.ToArray();
    }

    private async Task<(int, string)> FileUploadAsync(HttpContext ctx, Form form)
    {
        if (form.ContentPath is null || form.ContentFileName is null)
            throw new RequestRejectedException(400, "Missing 'content' file-field!");
        var fileName = form.ContentFileName;
        var parsed = CheckFileName(fileName);
        if (form.SignatureFileName is not null && form.SignatureFileName != fileName + ".asc")
            throw new RequestRejectedException(400, $"Unrelated signature {form.SignatureFileName} for package {fileName}!");

        if (options.ValidateUploads)
        {
            if (form.Fields.TryGetValue("name", out var formName) && formName.Length > 0 && !System.Text.Ascii.IsValid(formName))
                throw new RequestRejectedException(400, "Bad name: project names are ASCII (PEP 508).");
            if (formName is { Length: > 0 } && ProjectName.Normalize(formName) != parsed.NormalizedProject)
                throw new RequestRejectedException(400, $"Form field name '{formName}' does not match the file name '{fileName}'.");
            if (form.Fields.TryGetValue("version", out var formVersion) && formVersion.Length > 0
                && !string.Equals(formVersion, parsed.Version, StringComparison.OrdinalIgnoreCase)
                && !(parsed.Kind == DistributionKind.Wheel && parsed.Version.StartsWith(formVersion + "-", StringComparison.OrdinalIgnoreCase)))
                throw new RequestRejectedException(400, $"Form field version '{formVersion}' does not match the file name '{fileName}'.");
            if (form.Fields.TryGetValue("sha256_digest", out var digest) && digest.Length > 0 && !digest.Equals(form.ContentSha256, StringComparison.OrdinalIgnoreCase))
                throw new RequestRejectedException(400, $"sha256_digest does not match the uploaded content of '{fileName}'.");
            if (form.ContentLength == 0) throw new RequestRejectedException(400, $"Empty file: '{fileName}'.");
            ValidateContent(form.ContentPath, parsed);
        }

        var final = Path.Combine(store.Root, fileName);
        if (!options.Overwrite)
        {
            var snapshot = await store.GetSnapshotAsync(ctx.RequestAborted);
            if (File.Exists(final) || snapshot.FileNames.Contains(fileName) || SameFileExists(snapshot, parsed)) return Duplicate(ctx, fileName);
        }
        ctx.RequestAborted.ThrowIfCancellationRequested();
        bool ascStored = false;
        if (form.Signature is not null)
        {
            var ascTmp = Path.Combine(store.Root, $"{OrphanUploads.Prefix}{Guid.NewGuid():N}.asc.tmp");
            try
            {
                await File.WriteAllBytesAsync(ascTmp, form.Signature);
                if (options.Overwrite) File.Move(ascTmp, final + ".asc", overwrite: true);
                else if (!ExclusivePublish.TryPublish(ascTmp, final + ".asc")) throw new IOException($"{fileName}.asc exists");
                ascStored = true;
            }
            catch (IOException ex) when (StorageErrors.Classify(ex) is null) { }
            finally { TryDelete(ascTmp); }
        }
        try
        {
            // Without overwrite the name is taken atomically (ExclusivePublish: a hard link fails when it exists), so
            // two concurrent uploads of one name cannot both succeed, even across processes sharing the directory.
            if (options.Overwrite) File.Move(form.ContentPath, final, overwrite: true);
            else if (!ExclusivePublish.TryPublish(form.ContentPath, final))
            {
                if (ascStored) TryDelete(final + ".asc");
                return Duplicate(ctx, fileName);
            }
        }
        catch when (ascStored)
        {
            TryDelete(final + ".asc"); // all or nothing: no signature without its file
            throw;
        }
        store.Invalidate();
        Interlocked.Increment(ref Stored);
        return (200, "");
    }

    private (int, string) Duplicate(HttpContext ctx, string fileName)
    {
        Interlocked.Increment(ref Rejected);
        var ua = ctx.Request.Headers.UserAgent.ToString();
        // pypiserver answers twine with 400 (what PyPI does, and what `twine --skip-existing` recognises), others with 409.
        return (ua.Contains("twine", StringComparison.OrdinalIgnoreCase) ? 400 : 409, $"Package '{fileName}' already exists!");
    }

    /// <summary>
    /// The identity of a distribution file under PEP 503: the normalised project and the rest of the name (version, tags,
    /// extension) in lower case. <c>TEST_PACKAGE_000-1.0.0-py3-none-any.whl</c> and <c>test.package.000-1.0.0-py3-none-any.whl</c>
    /// are the file <c>test_package_000-1.0.0-py3-none-any.whl</c> of one release.
    /// </summary>
    internal static string SameFileKey(DistributionFileName d) => d.NormalizedProject + "\0" + d.FileName[d.Project.Length..].ToLowerInvariant(); // ASCII only: checked on upload, unparseable otherwise

    /// <summary>True when a file that is the same release file under another spelling is listed or sits in the root.</summary>
    private bool SameFileExists(PackageSnapshot snapshot, DistributionFileName parsed)
    {
        var key = SameFileKey(parsed);
        if (snapshot.Files.Any(f => SameFileKey(f.Parsed) == key)) return true;
        // the listing may be a cached one: look at the directory uploads land in as well
        foreach (var path in Directory.EnumerateFiles(store.Root))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.') || DistributionFileName.TryParse(name) is not { } other) continue;
            if (SameFileKey(other) == key) return true;
        }
        return false;
    }

    internal static DistributionFileName CheckFileName(string fileName)
    {
        // any non-ASCII character is refused before anything folds case (U+212A KELVIN SIGN would become 'k')
        if (!System.Text.Ascii.IsValid(fileName)) throw new RequestRejectedException(400, "Bad filename: distribution file names are ASCII (PEP 427/503).");
        if (fileName.Length == 0 || fileName.Length > 255 || fileName.StartsWith('.') || fileName.Contains('/') || fileName.Contains('\\')
            || fileName.Contains("..") || !DistributionFileName.HasSafeCharacters(fileName))
            throw new RequestRejectedException(400, $"Bad filename: {fileName}");
        var parsed = DistributionFileName.TryParse(fileName);
        if (parsed is null || parsed.Kind == DistributionKind.Signature) throw new RequestRejectedException(400, $"Bad filename: {fileName}");
        return parsed;
    }

    private static void ValidateContent(string path, DistributionFileName parsed)
    {
        switch (parsed.Kind)
        {
            case DistributionKind.Wheel:
                try
                {
                    using var zip = ZipFile.OpenRead(path);
                    bool metadata = false, wheel = false;
                    foreach (var e in zip.Entries)
                    {
                        var slash = e.FullName.IndexOf('/');
                        if (slash < 0) continue;
                        var dir = e.FullName[..slash];
                        if (!dir.EndsWith(".dist-info", StringComparison.Ordinal)) continue;
                        var stem = dir[..^".dist-info".Length];
                        var dash = stem.LastIndexOf('-');
                        if (dash <= 0 || ProjectName.Normalize(stem[..dash]) != parsed.NormalizedProject) continue;
                        var ver = stem[(dash + 1)..];
                        if (!parsed.Version.Equals(ver, StringComparison.OrdinalIgnoreCase) && !parsed.Version.StartsWith(ver + "-", StringComparison.OrdinalIgnoreCase)) continue;
                        var rest = e.FullName[(slash + 1)..];
                        if (rest == "METADATA") metadata = true;
                        if (rest == "WHEEL") wheel = true;
                    }
                    if (!metadata || !wheel)
                        throw new RequestRejectedException(400, $"Invalid wheel '{parsed.FileName}': no {ProjectName.ToDistributionName(parsed.Project)}-{parsed.Version}.dist-info with METADATA and WHEEL.");
                }
                catch (InvalidDataException)
                {
                    throw new RequestRejectedException(400, $"Invalid wheel '{parsed.FileName}': not a zip archive.");
                }
                break;
            case DistributionKind.Sdist:
            case DistributionKind.Egg:
                Span<byte> head = stackalloc byte[6];
                using (var fs = File.OpenRead(path)) head = head[..fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
                var n = parsed.FileName.ToLowerInvariant();
                bool ok = n.EndsWith(".tar.gz") || n.EndsWith(".tgz") ? head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b
                    : n.EndsWith(".zip") || n.EndsWith(".egg") ? head.Length >= 2 && head[0] == (byte)'P' && head[1] == (byte)'K'
                    : n.EndsWith(".tar.bz2") ? head.Length >= 3 && head[0] == (byte)'B' && head[1] == (byte)'Z' && head[2] == (byte)'h'
                    : n.EndsWith(".tar.xz") ? head.Length >= 6 && head[0] == 0xFD && head[1] == (byte)'7' && head[2] == (byte)'z'
                    : true;
                if (!ok) throw new RequestRejectedException(400, $"Invalid archive '{parsed.FileName}': the content does not match its extension.");
                break;
        }
    }

    private static bool ZipHasIndexHtml(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            return zip.Entries.Any(e => e.FullName == "index.html");
        }
        catch (InvalidDataException) { return false; }
    }

    private async Task<(int, string)> RemoveAsync(Form form, CancellationToken ct)
    {
        if (!form.Fields.TryGetValue("name", out var name) || name.Length == 0 || !form.Fields.TryGetValue("version", out var version) || version.Length == 0)
            throw new RequestRejectedException(400, "Missing 'name'/'version' field!");
        var snapshot = await store.GetSnapshotAsync(ct);
        // exact, unnormalised match on the name parsed from the file name, as pypiserver does
        var matches = snapshot.Files.Where(f => f.Parsed.Project == name && f.Parsed.Version == version).ToList();
        if (matches.Count == 0) return (404, $"{name} ({version}) not found");
        foreach (var f in matches) TryDelete(f.FullPath);
        store.Invalidate();
        return (200, "");
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
