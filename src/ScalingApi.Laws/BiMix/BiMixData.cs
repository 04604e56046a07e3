namespace ScalingApi.Laws.BiMix;

/// <summary>One proxy run: the mixture it was trained on (domain index → proportion).</summary>
public sealed record RunMixture(string Name, IReadOnlyList<double> Proportions);

/// <summary>A validation loss of one domain at one checkpoint of one run.</summary>
public readonly record struct LossObservation(int Run, int Domain, double Step, double Loss);

/// <summary>
/// Everything a BiMix fit needs: domain names, the runs with their mixtures, and the losses.
/// Steps are the law's data-quantity variable <c>s</c>; callers convert tokens to steps first.
/// </summary>
public sealed record BiMixData(
    IReadOnlyList<string> Domains,
    IReadOnlyList<RunMixture> Runs,
    IReadOnlyList<LossObservation> Observations)
{
    /// <summary>Training part: all but each run's final checkpoint; held-out part: those final checkpoints.</summary>
    public (BiMixData Train, BiMixData HeldOut) SplitLastStep() => throw new NotImplementedException();

    /// <summary>Training part: runs not named; held-out part: every checkpoint of the named runs.</summary>
    public (BiMixData Train, BiMixData HeldOut) SplitRuns(IReadOnlySet<string> heldOutRuns) => throw new NotImplementedException();
}
