namespace ScalingApi.Corpora.Preparation;

/// <summary>
/// An append-only array of fixed-length records stored in equal chunks, so millions of MinHash signatures take one
/// object per few thousand documents (no per-document array header, no copying when it grows, no huge single array).
/// </summary>
internal sealed class ChunkedArray<T>(int recordLength, int recordsPerChunk = 4096) where T : unmanaged
{
    private readonly List<T[]> _chunks = [];

    public int RecordLength { get; } = recordLength;
    public int Count { get; private set; }

    public long AllocatedBytes => (long)_chunks.Count * recordsPerChunk * RecordLength * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    public void Add(ReadOnlySpan<T> record)
    {
        if (record.Length != RecordLength) throw new ArgumentException($"A record has {RecordLength} values, not {record.Length}.", nameof(record));
        var slot = Count % recordsPerChunk;
        if (slot == 0) _chunks.Add(new T[recordsPerChunk * RecordLength]);
        record.CopyTo(_chunks[^1].AsSpan(slot * RecordLength, RecordLength));
        Count++;
    }

    public Span<T> this[int index] =>
        _chunks[index / recordsPerChunk].AsSpan(index % recordsPerChunk * RecordLength, RecordLength);
}
