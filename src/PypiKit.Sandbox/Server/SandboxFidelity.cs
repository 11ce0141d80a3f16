namespace PypiKit.Sandbox.Server;

/// <summary>How closely a sandbox server reproduces pypiserver's costs (reported in the <c>X-PypiKit-Fidelity</c> header).</summary>
public enum SandboxFidelity
{
    /// <summary>
    /// Fast (default): verified credentials are cached (bcrypt once per credential), simple-dir listings are reused while
    /// the directory is unchanged. Good for load on the balancer and the clients.
    /// </summary>
    Fast,
    /// <summary>
    /// Like pypiserver 2.4 under gunicorn: bcrypt on every authenticated request, the package directory listed (and the
    /// page rendered) on every simple-dir request, and a bounded number of workers each serving one request at a time
    /// (<see cref="SandboxServerOptions.Workers"/> must be at least 1). Timings then resemble a real pypiserver task.
    /// </summary>
    Pypiserver,
}
