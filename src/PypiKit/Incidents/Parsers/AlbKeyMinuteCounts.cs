using System.Runtime.CompilerServices;

namespace PypiKit.Incidents.Parsers;

/// <summary>
/// Requests per (minute, key) — key being a client IP or user-agent id — for <see cref="AlbTrafficAggregator"/>.
/// Each key remembers the cell of the minute it was last counted in, so a key seen again within its minute (the common
/// case: logs run in time order) is one array increment; only a key's first line in a minute is hashed.
/// </summary>
internal sealed class AlbKeyMinuteCounts
{
    private int[] _lastSlot = [];
    private int[] _lastCell = [];
    private readonly AlbLongKeyMap _cells = new();
    private readonly List<long> _cellKeys = new();
    private readonly List<int> _counts = new();

    /// <summary>Counts one request of key <paramref name="id"/> in minute slot <paramref name="slot"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int slot, int id)
    {
        if (id >= _lastSlot.Length) GrowKeys(id);
        if (_lastSlot[id] == slot)
        {
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_counts)[_lastCell[id]]++;
            return;
        }
        ulong key = ((ulong)(uint)slot << 32) | (uint)id;
        int cell = _cells.Get(key);
        if (cell < 0)
        {
            cell = _counts.Count;
            _cells.Add(key, cell);
            _cellKeys.Add((long)key);
            _counts.Add(0);
        }
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_counts)[cell]++;
        _lastSlot[id] = slot;
        _lastCell[id] = cell;
    }

    /// <summary>Every (minute slot, key id, requests) with at least one request, in no particular order.</summary>
    public IEnumerable<(int Slot, int Id, int Requests)> Cells()
    {
        for (int i = 0; i < _counts.Count; i++) yield return ((int)(_cellKeys[i] >> 32), (int)(uint)_cellKeys[i], _counts[i]);
    }

    /// <summary>Per key id (0 … <paramref name="keys"/> − 1): its busiest minute and the minutes with at least <paramref name="busyAt"/> requests.</summary>
    public (int[] Peak, int[] Busy) PeakAndBusy(int keys, int busyAt)
    {
        var peak = new int[keys];
        var busy = new int[keys];
        foreach (var (_, id, n) in Cells())
        {
            if (n > peak[id]) peak[id] = n;
            if (n >= busyAt) busy[id]++;
        }
        return (peak, busy);
    }

    private void GrowKeys(int id)
    {
        int old = _lastSlot.Length;
        int size = Math.Max(64, Math.Max(id + 1, old * 2));
        Array.Resize(ref _lastSlot, size);
        Array.Resize(ref _lastCell, size);
        _lastSlot.AsSpan(old).Fill(-1);
    }
}
