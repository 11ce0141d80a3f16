using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using HdrHistogram;

namespace PypiKit.Burst;

/// <summary>
/// The shared state of one run: virtual users (created on first use, one per worker slot or connection), the request
/// budget, the target-name table, the clock origin and the error samples. Executors drive it; the runner reads it.
/// </summary>
internal sealed class BurstEngine : IDisposable
{
    private readonly ConcurrentDictionary<int, VirtualUser> _users = new();
    private readonly ConcurrentDictionary<string, short> _targetIndex = new(StringComparer.Ordinal);
    private readonly List<string> _targetNames = [];
    private readonly List<ErrorSample> _errorSamples = [];
    private readonly CookieContainer? _sharedJar;
    private long _budget;
    private int _uploadCounter;
    private volatile bool _stopping;

    public BurstEngine(BurstOptions options)
    {
        Options = options;
        Profile = options.EffectiveProfile;
        BaseUri = options.Target.AbsoluteUri.EndsWith('/') ? options.Target : new Uri(options.Target.AbsoluteUri + "/");
        _budget = options.MaxRequests;
        _sharedJar = options.SharedCookieJar ? new CookieContainer() : null;
        StartTicks = Stopwatch.GetTimestamp();
        StartTime = DateTimeOffset.UtcNow;
        UploadStamp = StartTime.ToUnixTimeSeconds();
        TargetIndex("unknown");
        HighestLatencyMicros = options.HighestLatencyMicros;
        _live = new Recorder(1, HighestLatencyMicros, LatencyHistogram.SignificantDigits,
            (id, low, high, digits) => new LongConcurrentHistogram(id, low, high, digits));
        _liveTotal = LatencyHistogram.Create(HighestLatencyMicros);
    }

    private readonly Recorder _live;
    private readonly HistogramBase _liveTotal;

    /// <summary>Highest value the run's histograms track, µs (<see cref="BurstOptions.HighestLatencyMicros"/>).</summary>
    public long HighestLatencyMicros { get; }

    /// <summary>Records a success latency for the live display (HdrHistogram's Recorder: safe from every worker).</summary>
    public void RecordLive(long micros) => _live.RecordValue(Math.Clamp(micros, 0, HighestLatencyMicros));

    /// <summary>p95 of the success latencies recorded so far, ms (the progress loop's single reader).</summary>
    public double LiveP95Ms()
    {
        lock (_liveTotal)
        {
            _liveTotal.Add(_live.GetIntervalHistogram());
            return _liveTotal.TotalCount == 0 ? 0 : _liveTotal.GetValueAtPercentile(95) / 1000.0;
        }
    }

    private volatile bool _atDeadline;

    /// <summary>True once the hard time limit passed: requests still in flight are then counted as timed out.</summary>
    public bool AtDeadline => _atDeadline;

    /// <summary>Marks the hard time limit as reached (the runner calls it right before cancelling the run).</summary>
    public void MarkDeadline() => _atDeadline = true;

    /// <summary>This many 401/403 answers in a row, with no success between them, stop the run: the credentials are refused.</summary>
    public const int RefusalsToStop = 10;

    private int _refusalStreak;
    private volatile bool _refused;

    /// <summary>Called once when refusals stop the run (the runner cancels the run with it).</summary>
    public Action? OnRefused { get; set; }

    /// <summary>True once <see cref="RefusalsToStop"/> consecutive 401/403 answers stopped the run.</summary>
    public bool Refused => _refused;

    /// <summary>Counts an answer toward the refusal streak (any success resets it; a cheap read when nothing is refused).</summary>
    public void NoteStatus(int status, bool success)
    {
        if (status is 401 or 403)
        {
            if (Interlocked.Increment(ref _refusalStreak) >= RefusalsToStop && !_refused)
            {
                _refused = true;
                _stopping = true;
                // End pacing sleeps and waits too (off this request's thread: cancelling aborts every request in flight).
                if (OnRefused is { } stop) ThreadPool.QueueUserWorkItem(_ => stop());
            }
        }
        else if (success && Volatile.Read(ref _refusalStreak) != 0) Interlocked.Exchange(ref _refusalStreak, 0);
    }

    public BurstOptions Options { get; }
    public BurstProfile Profile { get; }
    public Uri BaseUri { get; }
    public long StartTicks { get; private set; }
    public DateTimeOffset StartTime { get; private set; }
    public long UploadStamp { get; }
    public List<BurstIteration> Iterations { get; } = [];
    public int CurrentIteration;
    public string Phase = "starting";

    /// <summary>True once the budget ran out or the run was told to stop.</summary>
    public bool Stopping => _stopping;
    public bool BudgetExhausted { get; private set; }

    /// <summary>Resets the clock origin (the runner calls it right before the executor starts).</summary>
    public void StartClock()
    {
        StartTicks = Stopwatch.GetTimestamp();
        StartTime = DateTimeOffset.UtcNow;
    }

    public void Stop() => _stopping = true;

    private Timer? _watchdog;
    private CancellationTokenRegistration _abort;

    /// <summary>
    /// Starts the per-request timeout watchdog (one timer for all users, instead of one per request) and makes
    /// cancelling <paramref name="runToken"/> abandon every request in flight.
    /// </summary>
    public void Attach(CancellationToken runToken)
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(Options.RequestTimeout.TotalMilliseconds / 20, 10, 250));
        _watchdog = new Timer(_ =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var u in _users.Values) u.CheckTimeout(now);
        }, null, period, period);
        _abort = runToken.Register(() =>
        {
            _stopping = true;
            foreach (var u in _users.Values) u.Abort();
        });
    }

    /// <summary>Takes one operation from the request budget; false (and stop) when it is exhausted.</summary>
    public bool TryTakeRequest()
    {
        if (_stopping) return false;
        if (Interlocked.Decrement(ref _budget) >= 0) return true;
        BudgetExhausted = true;
        _stopping = true;
        return false;
    }

    public double Elapsed => Stopwatch.GetElapsedTime(StartTicks).TotalSeconds;
    public long TicksAt(double seconds) => StartTicks + (long)(seconds * Stopwatch.Frequency);

    public VirtualUser User(int slot) => _users.GetOrAdd(slot, s => new VirtualUser(this, s, _sharedJar));
    public VirtualUser[] Users => _users.Values.ToArray();

    public short TargetIndex(string name)
    {
        if (_targetIndex.TryGetValue(name, out var i)) return i;
        lock (_targetNames)
        {
            if (_targetIndex.TryGetValue(name, out i)) return i;
            if (_targetNames.Count >= short.MaxValue) return 0;
            i = (short)_targetNames.Count;
            _targetNames.Add(name);
            _targetIndex[name] = i;
            return i;
        }
    }

    public string TargetName(short index)
    {
        lock (_targetNames) return index >= 0 && index < _targetNames.Count ? _targetNames[index] : "unknown";
    }

    public string NextUploadVersion() => $"3.{UploadStamp}{Options.Shard.Index:00}.{Interlocked.Increment(ref _uploadCounter)}";

    public void AddErrorSample(ErrorSample sample)
    {
        lock (_errorSamples)
            if (_errorSamples.Count < BurstTally.MaxErrorSamples) _errorSamples.Add(sample);
    }

    public bool WantsErrorSamples
    {
        get { lock (_errorSamples) return _errorSamples.Count < BurstTally.MaxErrorSamples; }
    }

    public List<ErrorSample> ErrorSamples()
    {
        lock (_errorSamples) return [.. _errorSamples];
    }

    public DateTimeOffset WallTime(long ticks) => StartTime + Stopwatch.GetElapsedTime(StartTicks, ticks);

    public void Dispose()
    {
        _watchdog?.Dispose();
        _abort.Dispose();
        foreach (var u in _users.Values) u.Dispose();
    }
}
