using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using ScalingApi.Corpora.Tokenization;

namespace ScalingApi.Corpora.Statistics;

/// <summary>
/// Counting for a general tokenizer (e.g. GPT-2 BPE): each document is decoded and tokenized as a whole,
/// unigrams go to a long[vocabulary], pairs to a dictionary keyed (prev &lt;&lt; 32) | cur. Memory grows only
/// with the number of distinct pairs seen, bounded by the vocabulary, not by corpus size.
/// </summary>
public sealed class TokenStatisticsAccumulator(ICorpusTokenizer tokenizer, bool computeVonNeumann = true) : IStatisticsAccumulator
{
    private readonly ArrayBufferWriter<byte> _document = new();
    private readonly long[] _unigrams = new long[tokenizer.VocabularySize];
    private readonly Dictionary<long, long> _pairs = new();
    private readonly double[] _features = new double[DocumentEmbedding.Dimensions];
    private readonly VonNeumannAccumulator? _vne = computeVonNeumann ? new VonNeumannAccumulator(DocumentEmbedding.Dimensions) : null;
    private long _documents;
    private long _bytes;

    public void Append(ReadOnlySpan<byte> utf8) => _document.Write(utf8);

    public void EndDocument()
    {
        if (_document.WrittenCount == 0) return;
        _bytes += _document.WrittenCount;
        var ids = tokenizer.Encode(Encoding.UTF8.GetString(_document.WrittenSpan));
        _document.ResetWrittenCount();
        _documents++;
        var previous = DocumentEmbedding.StartMarker;
        foreach (var id in ids)
        {
            _unigrams[id]++;
            if (previous != DocumentEmbedding.StartMarker)
                CollectionsMarshal.GetValueRefOrAddDefault(_pairs, ((long)previous << 32) | (uint)id, out _)++;
            if (_vne is not null) _features[DocumentEmbedding.Dimension(previous, id)]++;
            previous = id;
        }
        if (_vne is null) return;
        _vne.Add(_features);
        Array.Clear(_features);
    }

    public void Merge(IStatisticsAccumulator other)
    {
        var o = (TokenStatisticsAccumulator)other;
        for (var i = 0; i < _unigrams.Length; i++) _unigrams[i] += o._unigrams[i];
        foreach (var (key, count) in o._pairs) CollectionsMarshal.GetValueRefOrAddDefault(_pairs, key, out _) += count;
        _documents += o._documents;
        _bytes += o._bytes;
        if (_vne is not null && o._vne is not null) _vne.Merge(o._vne);
    }

    public EntropyFigures Compute()
    {
        var firstOfPair = new Dictionary<int, long>();
        long pairTotal = 0;
        foreach (var (key, count) in _pairs)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(firstOfPair, (int)(key >> 32), out _) += count;
            pairTotal += count;
        }
        long tokens = 0;
        foreach (var c in _unigrams) tokens += c;
        var joint = Entropy.FromCounts(_pairs.Values);
        return new EntropyFigures(
            Documents: _documents,
            Bytes: _bytes,
            Tokens: tokens,
            Pairs: pairTotal,
            ShannonEntropy: Entropy.FromCounts(_unigrams),
            JointEntropy: joint,
            ConditionalEntropy: joint - Entropy.FromCounts(firstOfPair.Values),
            VonNeumannEntropy: _vne?.Entropy());
    }
}
