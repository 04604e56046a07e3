using System.Text;
using ScalingApi.Corpora.Reading;
using ScalingApi.Corpora.Statistics;
using ScalingApi.Corpora.Tokenization;

namespace ScalingApi.Corpora.Tests;

public class EntropyTests
{
    private static EntropyFigures ByteFigures(string text)
    {
        var accumulator = new ByteStatisticsAccumulator();
        var splitter = new TextDocumentSplitter(accumulator);
        splitter.Feed(Encoding.UTF8.GetBytes(text));
        splitter.Finish();
        return accumulator.Compute();
    }

    [Fact]
    public void Alternating_text_has_one_bit_unigram_entropy_and_zero_conditional_entropy()
    {
        // "abab": unigrams a2 b2; pairs ab, ba, ab; first-of-pair a2 b1
        var f = ByteFigures("abab");
        var pairJoint = -(2.0 / 3 * Math.Log(2.0 / 3) + 1.0 / 3 * Math.Log(1.0 / 3));
        Assert.Equal(Math.Log(2), f.ShannonEntropy, 1e-12);
        Assert.Equal(pairJoint, f.JointEntropy, 1e-12);
        Assert.Equal(0, f.ConditionalEntropy, 1e-12);
        Assert.Equal((1L, 4L, 4L, 3L), (f.Documents, f.Bytes, f.Tokens, f.Pairs));
    }

    [Fact]
    public void Aab_has_hand_computed_entropies()
    {
        // unigrams a2 b1; pairs aa, ab; first-of-pair a2 → H = 0, so CE = JE = ln 2
        var f = ByteFigures("aab");
        Assert.Equal(Math.Log(3) - 2 * Math.Log(2) / 3, f.ShannonEntropy, 1e-12);
        Assert.Equal(Math.Log(2), f.JointEntropy, 1e-12);
        Assert.Equal(Math.Log(2), f.ConditionalEntropy, 1e-12);
    }

    [Fact]
    public void Pairs_do_not_cross_document_boundaries()
    {
        // documents "ab" and "ba": pairs ab, ba only (the b|b across the blank line is not a pair)
        var f = ByteFigures("ab\n\nba\n");
        Assert.Equal(2, f.Documents);
        Assert.Equal(2, f.Pairs);
        Assert.Equal(Math.Log(2), f.JointEntropy, 1e-12);
        Assert.Equal(0, f.ConditionalEntropy, 1e-12);
    }

    [Fact]
    public void Single_line_breaks_are_content_but_crlf_carriage_returns_are_not()
    {
        var lf = ByteFigures("a\nb\n\nc\n");
        var crlf = ByteFigures("a\r\nb\r\n\r\nc\r\n");
        Assert.Equal(lf, crlf);
        Assert.Equal(2, lf.Documents);
        Assert.Equal(4, lf.Bytes); // "a\nb" and "c"
        // unigrams a, \n, b, c equally likely
        Assert.Equal(Math.Log(4), lf.ShannonEntropy, 1e-12);
    }

    [Fact]
    public void Fragmented_input_counts_like_whole_input()
    {
        var text = "the cat sat\non the mat\n\n\n\nthe dog\r\n\r\nate\n";
        var whole = ByteFigures(text);
        var accumulator = new ByteStatisticsAccumulator();
        var splitter = new TextDocumentSplitter(accumulator);
        foreach (var b in Encoding.UTF8.GetBytes(text)) splitter.Feed([b]);
        splitter.Finish();
        Assert.Equal(whole, accumulator.Compute());
    }

    [Fact]
    public void Byte_fast_path_agrees_with_general_token_path()
    {
        var text = "Entropy of héllo wörld\nline two\n\nsecond document ✓ with unicode\n\nthird";
        var fast = ByteFigures(text);
        var general = new TokenStatisticsAccumulator(ByteTokenizer.Instance);
        var splitter = new TextDocumentSplitter(general);
        splitter.Feed(Encoding.UTF8.GetBytes(text));
        splitter.Finish();
        var slow = general.Compute();
        Assert.Equal((fast.Documents, fast.Bytes, fast.Tokens, fast.Pairs), (slow.Documents, slow.Bytes, slow.Tokens, slow.Pairs));
        Assert.Equal(fast.ShannonEntropy, slow.ShannonEntropy, 1e-12);
        Assert.Equal(fast.JointEntropy, slow.JointEntropy, 1e-12);
        Assert.Equal(fast.ConditionalEntropy, slow.ConditionalEntropy, 1e-12);
        Assert.Equal(fast.VonNeumannEntropy!.Value, slow.VonNeumannEntropy!.Value, 1e-9);
    }

    [Fact]
    public void Merged_partial_accumulators_equal_one_accumulator()
    {
        var one = ByteFigures("abcab\n\nbca\n\nzz");
        var left = new ByteStatisticsAccumulator();
        var right = new ByteStatisticsAccumulator();
        var s1 = new TextDocumentSplitter(left); s1.Feed("abcab\n\nbca"u8); s1.Finish();
        var s2 = new TextDocumentSplitter(right); s2.Feed("zz"u8); s2.Finish();
        left.Merge(right);
        var merged = left.Compute();
        Assert.Equal(one with { VonNeumannEntropy = null }, merged with { VonNeumannEntropy = null });
        Assert.Equal(one.VonNeumannEntropy!.Value, merged.VonNeumannEntropy!.Value, 1e-12);
    }
}
