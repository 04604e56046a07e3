using ScalingApi.Worker.Corpus;

namespace ScalingApi.Worker.Tests;

public class HoldOutSplitTests
{
    // 40 documents of 3 tokens; document d is [d, d, d]
    private static (int[] Tokens, int[] Starts) Documents(int count, int length = 3)
    {
        var tokens = Enumerable.Range(0, count).SelectMany(d => Enumerable.Repeat(d, length)).ToArray();
        var starts = Enumerable.Range(0, count).Select(d => d * length).ToArray();
        return (tokens, starts);
    }

    [Fact]
    public void Every_twentieth_document_is_held_out_and_nothing_is_lost_or_duplicated()
    {
        var (tokens, starts) = Documents(45);
        var split = HoldOutSplit.Split("d", tokens, starts, minimumValidationTokens: 6);

        Assert.Equal(new[] { 19, 19, 19, 39, 39, 39 }, split.Validation.ToArray());
        var train = split.Train.ToArray();
        Assert.Equal(45 * 3 - 6, train.Length);
        Assert.DoesNotContain(19, train);
        Assert.DoesNotContain(39, train);
        Assert.Equal(Enumerable.Range(0, 45).Where(d => d is not (19 or 39)), train.Distinct());
    }

    [Fact]
    public void Too_few_documents_fall_back_to_the_last_five_percent_of_tokens()
    {
        // one long document: the document rule holds out nothing
        var tokens = Enumerable.Range(0, 1000).ToArray();
        var split = HoldOutSplit.Split("d", tokens, [0], minimumValidationTokens: 10);

        Assert.Equal(Enumerable.Range(950, 50), split.Validation.ToArray());
        Assert.Equal(Enumerable.Range(0, 950), split.Train.ToArray());
    }

    [Fact]
    public void Fallback_holds_out_at_least_the_minimum()
    {
        var tokens = Enumerable.Range(0, 100).ToArray();
        var split = HoldOutSplit.Split("d", tokens, [0], minimumValidationTokens: 30);
        Assert.Equal(30, split.Validation.Length);
        Assert.Equal(70, split.Train.Length);
    }

    [Fact]
    public void A_domain_too_small_to_hold_anything_out_is_refused_by_name()
    {
        var e = Assert.Throws<InvalidDataException>(() => HoldOutSplit.Split("tiny-domain", [1, 2, 3], [0], minimumValidationTokens: 5));
        Assert.Contains("tiny-domain", e.Message);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(18, false)]
    [InlineData(19, true)]
    [InlineData(20, false)]
    [InlineData(39, true)]
    public void Held_out_numbers(int document, bool heldOut) => Assert.Equal(heldOut, HoldOutSplit.IsHeldOut(document));
}
