using System.Text;
using ScalingApi.Corpora.Reading;
using ScalingApi.Corpora.Statistics;

namespace ScalingApi.Corpora.Tests;

public class VonNeumannTests
{
    [Fact]
    public void Identical_documents_have_zero_entropy()
    {
        var accumulator = new ByteStatisticsAccumulator();
        var splitter = new TextDocumentSplitter(accumulator);
        splitter.Feed(Encoding.UTF8.GetBytes(string.Join("\n\n", Enumerable.Repeat("the same document text", 5))));
        splitter.Finish();
        var f = accumulator.Compute();
        Assert.Equal(5, f.Documents);
        Assert.Equal(0, f.VonNeumannEntropy!.Value, 1e-9);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Orthogonal_equal_weight_documents_have_entropy_ln_k(int k)
    {
        // one-byte documents whose single feature (start, byte) hashes to distinct dimensions are orthogonal
        var bytes = new List<byte>();
        var used = new HashSet<int>();
        for (var b = (byte)'a'; bytes.Count < k; b++)
            if (used.Add(DocumentEmbedding.Dimension(DocumentEmbedding.StartMarker, b))) bytes.Add(b);
        var accumulator = new ByteStatisticsAccumulator();
        foreach (var b in bytes) { accumulator.Append([b]); accumulator.EndDocument(); }
        Assert.Equal(Math.Log(k), accumulator.Compute().VonNeumannEntropy!.Value, 1e-9);
    }

    [Fact]
    public void Accumulator_on_explicit_vectors_matches_hand_computation()
    {
        // v1 = e1, v2 = (e1+e2)/√2: ρ = ½[[1.5, .5],[.5, .5]] → eigenvalues (2 ± √2)/4
        var acc = new VonNeumannAccumulator(4);
        acc.Add([1, 0, 0, 0]);
        acc.Add([3, 3, 0, 0]); // unnormalised on purpose
        var l1 = (2 + Math.Sqrt(2)) / 4;
        var l2 = (2 - Math.Sqrt(2)) / 4;
        Assert.Equal(-(l1 * Math.Log(l1) + l2 * Math.Log(l2)), acc.Entropy(), 1e-12);
    }
}
