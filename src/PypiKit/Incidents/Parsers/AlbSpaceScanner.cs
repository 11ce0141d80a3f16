using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PypiKit.Incidents.Parsers;

/// <summary>
/// The space-separated fields at the start of an ALB line, found 64 bytes at a time: two 32-byte compares give a bit
/// per space, and each field ends at the lowest set bit past its start. The first twelve fields of a line (about 200
/// bytes) cost three or four compares instead of a search per field. A field is the bytes up to the next space; an
/// empty field, or one with no space after it, is not a field (as <see cref="MemoryExtensions.IndexOf{T}(ReadOnlySpan{T}, T)"/>
/// would find it).
/// </summary>
internal ref struct AlbSpaceScanner
{
    private readonly ReadOnlySpan<byte> _line;
    private int _blockStart;
    private ulong _mask; // bit i: _line[_blockStart + i] is a space

    public AlbSpaceScanner(ReadOnlySpan<byte> line)
    {
        _line = line;
        _blockStart = -128; // no block loaded yet
        _mask = 0;
    }

    /// <summary>The field starting at <paramref name="pos"/> (up to the next space), moving past that space; false when it is empty or no space follows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Next(scoped ref int pos, out ReadOnlySpan<byte> field)
    {
        int sp = NextSpace(pos);
        if (sp <= pos) { field = default; return false; }
        field = _line[pos..sp];
        pos = sp + 1;
        return true;
    }

    /// <summary>The first space at or after <paramref name="from"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int NextSpace(int from)
    {
        while (true)
        {
            int rel = from - _blockStart;
            if ((uint)rel < 64)
            {
                ulong m = _mask >> rel;
                if (m != 0) return from + BitOperations.TrailingZeroCount(m);
                from = _blockStart + 64;
            }
            if (from >= _line.Length) return -1;
            Load(from);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Load(int at)
    {
        _blockStart = at;
        if (Vector256.IsHardwareAccelerated && at + 64 <= _line.Length)
        {
            ref byte r = ref MemoryMarshal.GetReference(_line);
            var space = Vector256.Create((byte)' ');
            ulong lo = Vector256.Equals(Vector256.LoadUnsafe(ref r, (nuint)at), space).ExtractMostSignificantBits();
            ulong hi = Vector256.Equals(Vector256.LoadUnsafe(ref r, (nuint)(at + 32)), space).ExtractMostSignificantBits();
            _mask = lo | (hi << 32);
            return;
        }
        // the line's last bytes (or no vectors): bytes past the end are no spaces
        ulong mask = 0;
        int end = Math.Min(_line.Length, at + 64);
        for (int i = at; i < end; i++)
            if (_line[i] == (byte)' ') mask |= 1UL << (i - at);
        _mask = mask;
    }
}
