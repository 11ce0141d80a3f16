namespace PypiKit.Sandbox;

/// <summary>What the package directory is, for the watcher of <see cref="SandboxBackend.CachedDir"/>.</summary>
public enum SharedStorage
{
    /// <summary>A local disk: the file-system watcher sees other processes' writes.</summary>
    Local,
    /// <summary>NFS/EFS: no change notifications cross hosts, so the watcher is off and other instances' writes go unseen.</summary>
    Nfs,
}
