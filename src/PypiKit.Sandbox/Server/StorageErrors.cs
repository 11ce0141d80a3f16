namespace PypiKit.Sandbox.Server;

/// <summary>
/// Turns a failure of the package directory into the reply a client can act on: a full disk or quota is 507, a
/// read-only or forbidden directory is 503. The reason is one short line without the server's paths.
/// </summary>
internal static class StorageErrors
{
    private const int Enospc = 28, Erofs = 30, Edquot = 122;

    /// <summary>The reply for <paramref name="ex"/>, or null when it is not a storage failure (e.g. a client's broken body).</summary>
    public static RequestRejectedException? Classify(Exception ex) => ex switch
    {
        IOException io when io.HResult is Enospc or Edquot => new RequestRejectedException(507, "Insufficient Storage: the package directory is full."),
        IOException io when io.HResult is Erofs => NotWritable(),
        UnauthorizedAccessException => NotWritable(),
        _ => null,
    };

    private static RequestRejectedException NotWritable() => new(503, "Service Unavailable: the package directory is not writable.");
}
