namespace ScalingApi.Corpora.Preparation;

/// <summary>
/// LSH band buckets for all bands at once: an open-addressing table from a 64-bit band key (a hash of the band's index
/// and its rows) to the newest document with that key, and per document and band a link to the previous document in
/// the same bucket. Per document and band this costs a 4-byte link, plus a 12-byte slot (at load ≤ 3/4) when the key
/// is new: far less than a Dictionary entry, and no per-bucket list objects.
/// </summary>
internal sealed class LshBuckets
{
    private readonly int _bands;
    private readonly int _rows;
    private readonly ulong _seed;
    private readonly ChunkedArray<int> _previous; // per document, per band: previous document in the bucket + 1 (0 = none)
    private ulong[] _keys = new ulong[1024];
    private int[] _heads = new int[1024]; // newest document + 1 (0 = empty slot)
    private int _used;

    public LshBuckets(int bands, int rows, ulong seed)
    {
        _bands = bands;
        _rows = rows;
        _seed = seed;
        _previous = new ChunkedArray<int>(bands);
    }

    public long AllocatedBytes => _previous.AllocatedBytes + _keys.Length * (long)(sizeof(ulong) + sizeof(int));

    public void Keys(ReadOnlySpan<uint> signature, Span<ulong> keys)
    {
        for (var band = 0; band < _bands; band++)
        {
            var hash = SplitMixHash.Mix(_seed ^ (SplitMixHash.Golden * (ulong)(band + 1)));
            foreach (var row in signature.Slice(band * _rows, _rows)) hash = SplitMixHash.Mix(hash ^ row);
            keys[band] = hash;
        }
    }

    /// <summary>Calls <paramref name="visit"/> with every document sharing a bucket with <paramref name="keys"/> (a document
    /// sharing several buckets is visited once per shared bucket) until it returns true; returns whether one did.</summary>
    public bool Any(ReadOnlySpan<ulong> keys, Func<int, bool> visit)
    {
        for (var band = 0; band < _bands; band++)
        {
            var slot = Find(keys[band]);
            if (_heads[slot] == 0) continue;
            for (var document = _heads[slot] - 1; document >= 0; document = _previous[document][band] - 1)
                if (visit(document)) return true;
        }
        return false;
    }

    /// <summary>Adds the next document (its index is the number added before it).</summary>
    public void Add(ReadOnlySpan<ulong> keys)
    {
        var document = _previous.Count;
        Span<int> previous = stackalloc int[_bands];
        for (var band = 0; band < _bands; band++)
        {
            if ((_used + 1) * 4L > _keys.Length * 3L) Grow();
            var slot = Find(keys[band]);
            if (_heads[slot] == 0) { _keys[slot] = keys[band]; _used++; }
            previous[band] = _heads[slot];
            _heads[slot] = document + 1;
        }
        _previous.Add(previous);
    }

    private int Find(ulong key)
    {
        var mask = _keys.Length - 1;
        var slot = (int)key & mask;
        while (_heads[slot] != 0 && _keys[slot] != key) slot = (slot + 1) & mask;
        return slot;
    }

    private void Grow()
    {
        var keys = _keys;
        var heads = _heads;
        _keys = new ulong[keys.Length * 2];
        _heads = new int[heads.Length * 2];
        for (var i = 0; i < keys.Length; i++)
        {
            if (heads[i] == 0) continue;
            var slot = Find(keys[i]);
            _keys[slot] = keys[i];
            _heads[slot] = heads[i];
        }
    }
}
