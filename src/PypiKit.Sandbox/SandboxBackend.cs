namespace PypiKit.Sandbox;

/// <summary>Which pypiserver backend to emulate.</summary>
public enum SandboxBackend
{
    /// <summary>pypiserver <c>simple-dir</c>: the directory is listed on every request, so every instance is always fresh.</summary>
    SimpleDir,
    /// <summary>pypiserver <c>cached-dir</c>: a per-process index invalidated only by this process's uploads and its own watcher.</summary>
    CachedDir,
}
