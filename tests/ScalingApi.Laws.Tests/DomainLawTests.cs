using ScalingApi.Laws.BiMix;

namespace ScalingApi.Laws.Tests;

public class DomainLawTests
{
    private static readonly DomainLaw Law = new(A: 1.5, B: 4.0, C: 2.0, Alpha: 0.2, Beta: 0.5);

    [Fact]
    public void Predict_evaluates_the_bimix_formula()
    {
        // 1.5 · 0.25^-0.2 · (4 · 10000^-0.5 + 2) = 1.5 · 1.319508 · 2.04
        Assert.Equal(1.5 * Math.Pow(0.25, -0.2) * (4 * 0.01 + 2), Law.Predict(0.25, 10_000), 12);
        Assert.Equal(4.0378, Law.Predict(0.25, 10_000), 3);
    }

    [Fact]
    public void StepFactor_is_the_loss_at_proportion_one()
    {
        Assert.Equal(1.5 * (4 * 0.01 + 2), Law.StepFactor(10_000), 12);
        Assert.Equal(Law.StepFactor(10_000), Law.Predict(1.0, 10_000), 12);
    }

    [Fact]
    public void Loss_falls_with_more_data_and_more_steps()
    {
        Assert.True(Law.Predict(0.5, 10_000) < Law.Predict(0.2, 10_000));
        Assert.True(Law.Predict(0.2, 20_000) < Law.Predict(0.2, 10_000));
    }

    [Fact]
    public void Unknown_alpha_refuses_other_proportions_but_predicts_at_the_observed_one()
    {
        var law = new DomainLaw(1, 4, 2, null, 0.5) { Domain = "Books", ObservedProportion = 0.3 };
        var error = Assert.Throws<AlphaUnavailableException>(() => law.Predict(0.4, 10_000));
        Assert.Equal("Books", error.Domain);
        Assert.Equal(4 * 0.01 + 2, law.Predict(0.3, 10_000), 12);
    }

    [Theory]
    [InlineData(0.0, 1000.0)]
    [InlineData(0.5, 0.0)]
    [InlineData(double.NaN, 1000.0)]
    [InlineData(0.5, double.PositiveInfinity)]
    public void Invalid_inputs_are_rejected(double proportion, double step) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Law.Predict(proportion, step));
}
