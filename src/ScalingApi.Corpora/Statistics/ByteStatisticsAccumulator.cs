using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ScalingApi.Corpora.Statistics;

/// <summary>
/// Byte-level (vocabulary 256) counting straight from UTF-8 bytes. The hot loop does one increment per byte,
/// in a flat long[257·256] indexed (prev &lt;&lt; 8) | cur, where row 256 stands for "start of document" so the
/// first byte needs no branch. Unigram counts are the column sums over all 257 rows; JE/CE use rows 0..255.
/// </summary>
public sealed class ByteStatisticsAccumulator : IStatisticsAccumulator
{
    private const int Start = 256;
    private static readonly byte[] FeatureOfPair = BuildFeatureTable();

    private readonly long[] _pairs = new long[257 * 256];
    private readonly int[] _documentFeatures;
    private readonly double[] _featureScratch;
    private readonly VonNeumannAccumulator? _vne;
    private int _previous = Start;
    private long _documents;
    private bool _documentOpen;

    public ByteStatisticsAccumulator(bool computeVonNeumann = true)
    {
        _vne = computeVonNeumann ? new VonNeumannAccumulator(DocumentEmbedding.Dimensions) : null;
        _documentFeatures = new int[DocumentEmbedding.Dimensions];
        _featureScratch = new double[DocumentEmbedding.Dimensions];
    }

    public void Append(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return;
        _documentOpen = true;
        if (_vne is null) _previous = CountPairs(utf8, _previous);
        else _previous = CountPairsAndFeatures(utf8, _previous);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int CountPairs(ReadOnlySpan<byte> bytes, int previous)
    {
        ref var pairs = ref MemoryMarshal.GetArrayDataReference(_pairs);
        ref var b0 = ref MemoryMarshal.GetReference(bytes);
        var n = bytes.Length;
        for (var k = 0; k < n; k++)
        {
            int cur = Unsafe.Add(ref b0, k);
            Unsafe.Add(ref pairs, (previous << 8) | cur)++;
            previous = cur;
        }
        return previous;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int CountPairsAndFeatures(ReadOnlySpan<byte> bytes, int previous)
    {
        ref var pairs = ref MemoryMarshal.GetArrayDataReference(_pairs);
        ref var features = ref MemoryMarshal.GetArrayDataReference(_documentFeatures);
        ref var featureOf = ref MemoryMarshal.GetArrayDataReference(FeatureOfPair);
        ref var b0 = ref MemoryMarshal.GetReference(bytes);
        var n = bytes.Length;
        for (var k = 0; k < n; k++)
        {
            int cur = Unsafe.Add(ref b0, k);
            var index = (previous << 8) | cur;
            Unsafe.Add(ref pairs, index)++;
            Unsafe.Add(ref features, Unsafe.Add(ref featureOf, index))++;
            previous = cur;
        }
        return previous;
    }

    public void EndDocument()
    {
        if (!_documentOpen) return;
        _documentOpen = false;
        _documents++;
        _previous = Start;
        if (_vne is null) return;
        for (var i = 0; i < _documentFeatures.Length; i++) _featureScratch[i] = _documentFeatures[i];
        Array.Clear(_documentFeatures);
        _vne.Add(_featureScratch);
    }

    public void Merge(IStatisticsAccumulator other)
    {
        var o = (ByteStatisticsAccumulator)other;
        for (var i = 0; i < _pairs.Length; i++) _pairs[i] += o._pairs[i];
        _documents += o._documents;
        if (_vne is not null && o._vne is not null) _vne.Merge(o._vne);
    }

    public EntropyFigures Compute()
    {
        var pairCounts = _pairs.AsSpan(0, 256 * 256); // without the start row
        var firstOfPair = new long[256];
        long pairTotal = 0;
        for (var prev = 0; prev < 256; prev++)
        {
            long rowSum = 0;
            foreach (var c in pairCounts.Slice(prev << 8, 256)) rowSum += c;
            firstOfPair[prev] = rowSum;
            pairTotal += rowSum;
        }
        var unigrams = new long[256];
        for (var prev = 0; prev <= 256; prev++)
            for (var cur = 0; cur < 256; cur++)
                unigrams[cur] += _pairs[(prev << 8) | cur];
        long tokens = 0;
        foreach (var c in unigrams) tokens += c;
        var joint = Entropy.FromCounts(pairCounts);
        return new EntropyFigures(
            Documents: _documents,
            Bytes: tokens,
            Tokens: tokens,
            Pairs: pairTotal,
            ShannonEntropy: Entropy.FromCounts(unigrams),
            JointEntropy: joint,
            ConditionalEntropy: joint - Entropy.FromCounts(firstOfPair),
            VonNeumannEntropy: _vne?.Entropy());
    }

    private static byte[] BuildFeatureTable()
    {
        // Dimensions == 256 lets the table store bytes; the hashed feature of (prev, cur) is looked up, not recomputed per byte
        var table = new byte[257 * 256];
        for (var prev = 0; prev <= 256; prev++)
            for (var cur = 0; cur < 256; cur++)
                table[(prev << 8) | cur] = (byte)DocumentEmbedding.Dimension(prev == Start ? DocumentEmbedding.StartMarker : prev, cur);
        return table;
    }
}
