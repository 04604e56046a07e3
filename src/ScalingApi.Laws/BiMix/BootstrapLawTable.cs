using System.Runtime.CompilerServices;

namespace ScalingApi.Laws.BiMix;

/// <summary>
/// A fit's bootstrap laws regrouped by domain, with its model-error shocks, built once per fit object: a prediction is
/// then one tight loop per domain over the resamples instead of rebuilding per-resample arrays and shocks each time.
/// Keyed weakly on the (immutable) fit, so it lives exactly as long as the fit does.
/// </summary>
internal sealed class BootstrapLawTable
{
    private static readonly ConditionalWeakTable<BiMixFit, BootstrapLawTable> Tables = new();

    private BootstrapLawTable(BiMixFit fit)
    {
        Resamples = fit.BootstrapLaws.Count;
        LawsByDomain = Enumerable.Range(0, fit.Domains.Count).Select(i => fit.BootstrapLaws.Select(laws => laws[i]).ToArray()).ToArray();
        Shocks = BiMixPredictor.ModelErrorShocks(fit.Seed, Resamples);
        ProportionShocks = BiMixPredictor.ProportionErrorShocks(fit.Seed, fit.Domains.Count, Resamples);
    }

    public static BootstrapLawTable Of(BiMixFit fit) => Tables.GetValue(fit, f => new BootstrapLawTable(f));

    public int Resamples { get; }

    /// <summary>[domain][resample].</summary>
    public DomainLaw[][] LawsByDomain { get; }

    /// <summary>One standard-normal model-error shock per resample (<see cref="BiMixPredictor.ModelErrorShocks"/>).</summary>
    public double[] Shocks { get; }

    /// <summary>[domain][resample]: the proportion-error shocks (<see cref="BiMixPredictor.ProportionErrorShocks"/>).</summary>
    public double[][] ProportionShocks { get; }
}
