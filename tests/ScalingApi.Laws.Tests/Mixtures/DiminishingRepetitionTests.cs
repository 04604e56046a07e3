using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Mixtures;

namespace ScalingApi.Laws.Tests.Mixtures;

public class DiminishingRepetitionTests
{
    [Theory]
    // D ≤ U: every token counts
    [InlineData(5e8, 1e9, 5e8)]
    [InlineData(1e9, 1e9, 1e9)]
    // 4 epochs: R = 3, D′ = U (1 + 15.387756 (1 − e^(−3/15.387756))) = 3.725673123e9 (≈ 3.7 unique epochs, as Muennighoff et al. report)
    [InlineData(4e9, 1e9, 3.725673123e9)]
    // 16 epochs: R = 15, D′ = U (1 + 15.387756 (1 − e^(−15/15.387756))) = 10.58246e9 (≈ 10.6 epochs)
    [InlineData(16e9, 1e9, 10.58246e9)]
    public void Effective_tokens_match_hand_computed_values(double tokens, double unique, double expected) =>
        Assert.Equal(1, DiminishingRepetition.EffectiveTokens(tokens, unique) / expected, 4);

    [Fact]
    public void Effective_proportion_of_a_repeated_domain_is_its_effective_tokens_over_the_run()
    {
        // U = 2e8 of a 1e9-token run at share 0.5: D = 5e8, R = 1.5, D′ = 2e8 (1 + 15.387756 (1 − e^(−1.5/15.387756))) = 4.858417e8
        var repetition = new DiminishingRepetition([2e8, 5e9], 1e9);
        Assert.Equal(0.4858417469, repetition.EffectiveProportion(0, 0.5), 9);
        Assert.Equal(0.5, repetition.EffectiveProportion(1, 0.5));
        Assert.Equal(Math.Exp(-1.5 / DiminishingRepetition.DecayEpochs), repetition.Slope(0, 0.5), 12);
        // never worth more than U (1 + R*)
        Assert.InRange(DiminishingRepetition.EffectiveTokens(1e15, 1), 16.38, 1 + DiminishingRepetition.DecayEpochs);
    }

    private static readonly DomainLaw[] Laws =
    [
        new(1, 6, 2.0, 0.10, 0.40) { Domain = "big" },
        new(1, 5, 1.5, 0.30, 0.30) { Domain = "small" },
    ];

    [Fact]
    public void A_small_domain_gets_more_than_the_one_epoch_cap_and_less_than_without_limits()
    {
        const double total = 1e9, smallUnique = 1e8, step = 1000;
        double[] w = [0.5, 0.5];
        var unlimited = MixtureOptimizer.Optimize(Laws, step, w);
        var capped = MixtureOptimizer.Optimize(Laws, step, w,
            [new ProportionBounds(0, 1), new ProportionBounds(0, MixtureOptimizer.DataLimitUpperBound(smallUnique, 1, total))]);
        var diminishing = RepetitionAwareOptimizer.Optimize(Laws, step, w, new DiminishingRepetition([1e12, smallUnique], total));

        Assert.Equal(0.1, capped[1], 9);          // the wall
        Assert.True(unlimited[1] > 0.3, $"unlimited {unlimited[1]}");
        Assert.InRange(diminishing[1], capped[1] + 0.01, unlimited[1] - 0.01);
        Assert.Equal(1, diminishing.Sum(), 12);
    }

    [Fact]
    public void Without_repetition_it_is_the_plain_optimum()
    {
        double[] w = [0.3, 0.7];
        var plain = MixtureOptimizer.Optimize(Laws, 500, w);
        var aware = RepetitionAwareOptimizer.Optimize(Laws, 500, w, new DiminishingRepetition([1e12, 1e12], 1e9));
        Assert.Equal(plain[0], aware[0], 9);
        Assert.Equal(plain[1], aware[1], 9);
    }

    [Fact]
    public void The_optimum_is_stationary_in_effective_terms()
    {
        // At an interior optimum the marginal gains α w K r′^(−α−1) dr′/dr are equal across domains.
        var repetition = new DiminishingRepetition([1e12, 1e8], 1e9);
        double[] w = [0.5, 0.5];
        var r = RepetitionAwareOptimizer.Optimize(Laws, 1000, w, repetition);
        double Gain(int i) => Laws[i].Alpha!.Value * w[i] * Laws[i].StepFactor(1000)
                              * Math.Pow(repetition.EffectiveProportion(i, r[i]), -Laws[i].Alpha!.Value - 1) * repetition.Slope(i, r[i]);
        Assert.Equal(1, Gain(0) / Gain(1), 6);
    }
}
