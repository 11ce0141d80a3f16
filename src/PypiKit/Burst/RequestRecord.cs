namespace PypiKit.Burst;

/// <summary>
/// What the engine keeps of one request: three <see cref="System.Diagnostics.Stopwatch"/> timestamps — when it was
/// scheduled (the plan's intended start), when it was actually sent, when it completed — plus its operation, outcome,
/// status and target. Latency is <c>Completed − Scheduled</c> (counts queueing and stalls, as wrk2 does);
/// service time is <c>Completed − Sent</c>; send lateness is <c>Sent − Scheduled</c>.
/// </summary>
public struct RequestRecord
{
    public long Scheduled;
    public long Sent;
    public long Completed;
    public short Status;
    public short Target;
    /// <summary>Target of the first hop when a redirect was followed (the hops may land on different targets).</summary>
    public short FirstTarget;
    public BurstOperation Operation;
    public ErrorClass Error;
    /// <summary>HTTP requests behind this operation (2 for a followed redirect).</summary>
    public byte Hops;
}

/// <summary>An append-only list of records in fixed chunks (no copying as it grows). One per worker; not thread-safe.</summary>
internal sealed class RecordLog
{
    private const int ChunkSize = 4096;
    private readonly List<RequestRecord[]> _chunks = [];
    private RequestRecord[] _current = new RequestRecord[ChunkSize];
    private int _used;

    public long Count => (long)_chunks.Count * ChunkSize + _used;

    public ref RequestRecord Append()
    {
        if (_used == ChunkSize)
        {
            _chunks.Add(_current);
            _current = new RequestRecord[ChunkSize];
            _used = 0;
        }
        return ref _current[_used++];
    }

    public IEnumerable<RequestRecord> All()
    {
        foreach (var c in _chunks)
            for (var i = 0; i < c.Length; i++) yield return c[i];
        for (var i = 0; i < _used; i++) yield return _current[i];
    }
}
