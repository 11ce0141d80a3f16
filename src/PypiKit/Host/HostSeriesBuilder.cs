using PypiKit.Series;

namespace PypiKit.Host;

/// <summary>
/// Folds successive snapshots into series: each snapshot after the first makes one <see cref="HostTick"/> with
/// <see cref="HostSampling.Sample"/>. Not thread-safe; one sampling loop owns it.
/// </summary>
public sealed class HostSeriesBuilder(IReadOnlyList<int> pids, double clockTicksPerSecond = HostSampling.DefaultClockTicksPerSecond)
{
    private HostSnapshot? _first, _previous;
    private int _snapshots;
    private long _swapIn, _swapOut;
    private readonly List<TimePoint> _memAvailable = [], _swapUsed = [], _swapInRate = [], _swapOutRate = [],
        _someAvg10 = [], _fullAvg10 = [], _someStall = [], _fullStall = [], _cpuBusy = [], _cpuIowait = [];
    private readonly Dictionary<int, ProcessAccumulator> _processes = pids.Distinct().ToDictionary(p => p, p => new ProcessAccumulator(p));
    private readonly Dictionary<string, (int Count, DateTimeOffset First)> _missing = [];

    public int Snapshots => _snapshots;

    public void Add(HostSnapshot snapshot)
    {
        _snapshots++;
        _first ??= snapshot;
        foreach (var path in snapshot.Missing)
            _missing[path] = _missing.TryGetValue(path, out var m) ? (m.Count + 1, m.First) : (1, snapshot.Time);
        foreach (var acc in _processes.Values)
        {
            bool present = snapshot.Processes.Any(p => p.Pid == acc.Pid);
            if (present) acc.Seen = true;
            else if (acc.Seen) acc.ExitedAt ??= snapshot.Time;
        }
        if (_previous is { } previous) AddTick(HostSampling.Sample(previous, snapshot, clockTicksPerSecond));
        _previous = snapshot;
    }

    private void AddTick(HostTick t)
    {
        var time = t.Time;
        Put(_memAvailable, time, t.MemAvailableBytes);
        Put(_swapUsed, time, t.SwapUsedBytes);
        Put(_swapInRate, time, t.SwapInPagesPerSecond);
        Put(_swapOutRate, time, t.SwapOutPagesPerSecond);
        _swapIn += t.SwapInPages ?? 0;
        _swapOut += t.SwapOutPages ?? 0;
        Put(_someAvg10, time, t.PressureSomeAvg10);
        Put(_fullAvg10, time, t.PressureFullAvg10);
        Put(_someStall, time, t.PressureSomeStallMicrosecondsPerSecond);
        Put(_fullStall, time, t.PressureFullStallMicrosecondsPerSecond);
        Put(_cpuBusy, time, t.CpuBusyPercent);
        Put(_cpuIowait, time, t.CpuIowaitPercent);
        foreach (var p in t.Processes)
            if (_processes.TryGetValue(p.Pid, out var acc)) acc.Add(t, p);
    }

    public HostSamplingResult Build() => new()
    {
        Start = _first?.Time,
        End = _previous?.Time,
        Snapshots = _snapshots,
        Host = new HostSeries
        {
            MemAvailable = new("host memory available", "Bytes", _memAvailable.ToArray()),
            SwapUsed = new("host swap used", "Bytes", _swapUsed.ToArray()),
            SwapIn = new("host swap in", "Pages/Second", _swapInRate.ToArray()),
            SwapOut = new("host swap out", "Pages/Second", _swapOutRate.ToArray()),
            PressureSomeAvg10 = new("memory pressure some avg10", "Percent", _someAvg10.ToArray()),
            PressureFullAvg10 = new("memory pressure full avg10", "Percent", _fullAvg10.ToArray()),
            PressureSomeStall = new("memory stall some", "Microseconds/Second", _someStall.ToArray()),
            PressureFullStall = new("memory stall full", "Microseconds/Second", _fullStall.ToArray()),
            CpuBusy = new("host CPU busy", "Percent", _cpuBusy.ToArray()),
            CpuIowait = new("host CPU iowait", "Percent", _cpuIowait.ToArray()),
        },
        SwapInPagesTotal = _swapIn,
        SwapOutPagesTotal = _swapOut,
        Processes = _processes.Values.OrderBy(a => a.Pid).Select(a => a.Build()).ToArray(),
        Unavailable = _missing.OrderBy(m => m.Value.First).ThenBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new UnavailableSource(m.Key, m.Value.Count, m.Value.First)).ToArray(),
    };

    private static void Put(List<TimePoint> list, DateTimeOffset time, double? value)
    {
        if (value is { } v) list.Add(new TimePoint(time, v));
    }

    private sealed class ProcessAccumulator(int pid)
    {
        public int Pid { get; } = pid;
        public string Name { get; private set; } = "";
        public bool Seen { get; set; }
        public DateTimeOffset? ExitedAt { get; set; }
        private readonly List<TimePoint> _rss = [], _cpu = [], _storageRead = [], _storageWrite = [], _charRead = [], _charWrite = [];
        private long _storageReadTotal, _storageWriteTotal, _charReadTotal, _charWriteTotal;
        private bool _anyIo;

        public void Add(HostTick t, ProcessTick p)
        {
            Name = p.Name;
            Put(_rss, t.Time, p.RssBytes);
            Put(_cpu, t.Time, p.CpuPercent);
            if (p.Io is not { } io) return;
            _anyIo = true;
            _storageRead.Add(new(t.Time, io.ReadBytes / t.Seconds));
            _storageWrite.Add(new(t.Time, io.WriteBytes / t.Seconds));
            _charRead.Add(new(t.Time, io.ReadChars / t.Seconds));
            _charWrite.Add(new(t.Time, io.WriteChars / t.Seconds));
            _storageReadTotal += io.ReadBytes;
            _storageWriteTotal += io.WriteBytes;
            _charReadTotal += io.ReadChars;
            _charWriteTotal += io.WriteChars;
        }

        public ProcessSeries Build()
        {
            var source = !_anyIo ? IoSource.Unavailable
                : _storageReadTotal + _storageWriteTotal == 0 && _charReadTotal + _charWriteTotal > 0 ? IoSource.Chars
                : IoSource.StorageBytes;
            bool chars = source == IoSource.Chars;
            string label = $"pid {Pid}" + (Name.Length > 0 ? $" ({Name})" : "");
            string suffix = chars ? " (rchar/wchar)" : "";
            return new ProcessSeries
            {
                Pid = Pid,
                Name = Name,
                IoSource = source,
                Rss = new($"{label} RSS", "Bytes", _rss.ToArray()),
                Cpu = new($"{label} CPU", "Percent", _cpu.ToArray()),
                Read = new($"{label} read{suffix}", "Bytes/Second", (chars ? _charRead : _storageRead).ToArray()),
                Write = new($"{label} write{suffix}", "Bytes/Second", (chars ? _charWrite : _storageWrite).ToArray()),
                ReadBytesTotal = chars ? _charReadTotal : _storageReadTotal,
                WriteBytesTotal = chars ? _charWriteTotal : _storageWriteTotal,
                ExitedAt = ExitedAt,
            };
        }
    }
}
