using ScalingApi.Laws.BiMix;

namespace ScalingApi.Laws.Tests;

/// <summary>The acceptance scenario: 7 known domains, 4 training mixtures + 1 unseen, 20 checkpoints, 0.1 % noise.</summary>
public sealed class SyntheticSweep
{
    public DomainLaw[] Truth { get; } = BiMixSimulator.RandomLaws(7, seed: 11);
    public double[][] Mixtures { get; } = BiMixSimulator.RandomMixtures(7, 5, seed: 12);
    public double[] Steps { get; } = BiMixSimulator.GeometricSteps(1_000, 200_000, 20);
    public BiMixData All { get; }
    public BiMixData Train { get; }
    public BiMixData Unseen { get; }
    /// <summary>Point fit of the four training mixtures, no bootstrap.</summary>
    public BiMixFit Fit { get; }

    public SyntheticSweep()
    {
        All = BiMixSimulator.Generate(Truth, Mixtures, Steps, relativeNoise: 1e-3, seed: 13);
        (Train, Unseen) = All.SplitRuns(new HashSet<string> { "run4" });
        Fit = BiMixFitter.Fit(Train, new BiMixFitOptions { BootstrapResamples = 0 });
    }
}
