namespace PypiKit.Sandbox;

/// <summary>Which pypiserver backend to emulate.</summary>
public enum SandboxBackend
{
    /// <summary>pypiserver <c>simple-dir</c>: the directory is listed on every request, so every instance is always fresh.</summary>
    SimpleDir,
    /// <summary>pypiserver <c>cached-dir</c>: a per-process index invalidated only by this process's uploads and its own watcher.</summary>
    CachedDir,
}

/// <summary>What the package directory is, for the watcher of <see cref="SandboxBackend.CachedDir"/>.</summary>
public enum SharedStorage
{
    /// <summary>A local disk: the file-system watcher sees other processes' writes.</summary>
    Local,
    /// <summary>NFS/EFS: no change notifications cross hosts, so the watcher is off and other instances' writes go unseen.</summary>
    Nfs,
}

/// <summary>pypiserver's <c>-a/--authenticate</c> actions.</summary>
[Flags]
public enum AuthActions
{
    None = 0,
    Update = 1,
    Download = 2,
    List = 4,
    All = Update | Download | List,
}
