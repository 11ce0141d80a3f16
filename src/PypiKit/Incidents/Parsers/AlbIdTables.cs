using System.Runtime.CompilerServices;

namespace PypiKit.Incidents.Parsers;

/// <summary>
/// An open-addressing map from a 128-bit key (a packed IPv4 address, an address and port, or up to 15 bytes of text as
/// logged) to an int, for the per-line lookups of <see cref="AlbTrafficAggregator"/>: a multiply to hash, linear probing,
/// no buckets to follow.
/// </summary>
internal sealed class AlbLongKeyMap
{
    // one entry per slot, key and value side by side: a probe reads one cache line, not four arrays
    private struct Entry
    {
        public ulong Key, High;
        public int Value; // value + 1; 0 marks a free slot
    }

    private Entry[] _entries;
    private int _shift;

    public AlbLongKeyMap(int capacityPow2 = 1024)
    {
        _entries = new Entry[capacityPow2];
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)capacityPow2);
    }

    public int Count { get; private set; }

    /// <summary>The value of the key (<paramref name="key"/>, <paramref name="high"/>), or -1 when absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public int Get(ulong key, ulong high = 0)
    {
        var entries = _entries;
        int mask = entries.Length - 1;
        int i = Slot(key, high);
        while (true)
        {
            ref var e = ref entries[i];
            if (e.Value == 0) return -1;
            if (e.Key == key && e.High == high) return e.Value - 1;
            i = (i + 1) & mask;
        }
    }

    /// <summary>Adds a key known to be absent (values are 0 or more).</summary>
    public void Add(ulong key, int value) => Add(key, 0, value);

    /// <summary>Adds a 128-bit key known to be absent (values are 0 or more).</summary>
    public void Add(ulong key, ulong high, int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if ((Count + 1) * 2 > _entries.Length) Grow();
        int mask = _entries.Length - 1;
        int i = Slot(key, high);
        while (_entries[i].Value != 0) i = (i + 1) & mask;
        _entries[i] = new Entry { Key = key, High = high, Value = value + 1 };
        Count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong key, ulong high) =>
        (int)(((key ^ System.Numerics.BitOperations.RotateLeft(high * 0xC2B2AE3D27D4EB4FUL, 31)) * 0x9E3779B97F4A7C15UL) >> _shift);

    /// <summary>
    /// Packs up to 15 bytes of text and its length into a 128-bit key (every text of that size gets its own key, NUL
    /// bytes included: a corrupted spelling never meets a valid one); false when longer (an IPv4 address is at most 15).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static bool TryTextKey(ReadOnlySpan<byte> text, out ulong key, out ulong high)
    {
        int n = text.Length;
        if (n is > 8 and <= 15)
        {
            // the first 8 bytes, then the rest taken from the last 8 with the bytes already in the key shifted out,
            // and the length in the top byte (the same packing as the padded copy of shorter texts)
            key = System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(text);
            ulong tail = System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(text[(n - 8)..]);
            if (!BitConverter.IsLittleEndian) return TryShortTextKey(text, out key, out high);
            high = (tail >> ((16 - n) * 8)) | ((ulong)n << 56);
            return true;
        }
        return TryShortTextKey(text, out key, out high);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryShortTextKey(ReadOnlySpan<byte> text, out ulong key, out ulong high)
    {
        key = high = 0;
        if (text.Length > 15) return false;
        Span<byte> k = stackalloc byte[16];
        k.Clear();
        text.CopyTo(k);
        k[15] = (byte)text.Length;
        key = System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(k);
        high = System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(k[8..]);
        return true;
    }

    /// <summary>Every key and its value (any order; the low 64 bits of the key).</summary>
    public IEnumerable<(ulong Key, int Value)> Entries()
    {
        for (int i = 0; i < _entries.Length; i++) if (_entries[i].Value != 0) yield return (_entries[i].Key, _entries[i].Value - 1);
    }

    private void Grow()
    {
        var old = _entries;
        _entries = new Entry[old.Length * 2];
        _shift--;
        Count = 0;
        foreach (var e in old) if (e.Value != 0) Add(e.Key, e.High, e.Value - 1);
    }
}

/// <summary>
/// An open-addressing map from a byte string (a user agent as it stands in the log) to an int: the line's bytes are
/// hashed and compared in place, so a known key costs no string and no UTF-16 transcoding.
/// </summary>
internal sealed class AlbByteKeyMap
{
    private byte[]?[] _keys = new byte[]?[256];
    private int[] _hashes = new int[256];
    private int[] _values = new int[256];

    public int Count { get; private set; }

    /// <summary>The value of <paramref name="key"/>, or -1 when absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Get(ReadOnlySpan<byte> key)
    {
        int h = Hash(key);
        int mask = _keys.Length - 1;
        int i = h & mask;
        while (_keys[i] is { } k)
        {
            if (_hashes[i] == h && key.SequenceEqual(k)) return _values[i];
            i = (i + 1) & mask;
        }
        return -1;
    }

    /// <summary>Adds a key known to be absent (the bytes are copied).</summary>
    public void Add(ReadOnlySpan<byte> key, int value) => Insert(key.ToArray(), Hash(key), value);

    private void Insert(byte[] key, int h, int value)
    {
        if ((Count + 1) * 2 > _keys.Length) Grow();
        int mask = _keys.Length - 1;
        int i = h & mask;
        while (_keys[i] is not null) i = (i + 1) & mask;
        _keys[i] = key; _hashes[i] = h; _values[i] = value;
        Count++;
    }

    private void Grow()
    {
        var (keys, hashes, values) = (_keys, _hashes, _values);
        _keys = new byte[]?[keys.Length * 2];
        _hashes = new int[keys.Length * 2];
        _values = new int[keys.Length * 2];
        Count = 0;
        for (int i = 0; i < keys.Length; i++) if (keys[i] is { } k) Insert(k, hashes[i], values[i]);
    }

    /// <summary>
    /// Every byte, eight at a time (multiply, rotate, xor), then mixed once: a user agent is hashed on each line, and
    /// <see cref="HashCode.AddBytes"/> takes four bytes per call. Process-local only (never stored), so no seed is needed;
    /// equal hashes are always confirmed by comparing the bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Hash(ReadOnlySpan<byte> key)
    {
        const ulong K = 0x9E3779B97F4A7C15UL;
        ulong h = (ulong)key.Length * K;
        int i = 0;
        for (; i + 8 <= key.Length; i += 8)
            h = System.Numerics.BitOperations.RotateLeft(h ^ (System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(key[i..]) * K), 27) * 5 + 0x52DCE729;
        ulong tail = 0;
        for (int shift = 0; i < key.Length; i++, shift += 8) tail |= (ulong)key[i] << shift;
        h ^= tail * K;
        h ^= h >> 33; h *= 0xFF51AFD7ED558CCDUL; h ^= h >> 33;
        return (int)h & int.MaxValue;
    }
}
