using System.Globalization;

namespace ScalingApi.Laws.BiMix;

/// <summary>What a user must read before trusting a fit's intervals and the planning answers built on them.</summary>
internal static class FitWarnings
{
    public static IReadOnlyList<string> For(BiMixData data, IReadOnlyList<DomainFit> fits, IntervalMethod? method)
    {
        var warnings = new List<string>();
        var runs = data.Observations.Select(o => o.Run).Distinct().Count();
        if (runs == 1)
            warnings.Add("Fitted on a single run: α is not identifiable for any domain, so losses can only be predicted at this run's mixture, " +
                         "and the intervals reflect checkpoint noise only (parametric bootstrap around the fitted curve), not how a second run with another seed or mixture would differ.");
        if (method is null)
            warnings.Add("No bootstrap (bootstrap = 0): predictions and optima come without intervals.");
        else if (method == IntervalMethod.RunBootstrap && runs < IntervalMethods.RunBootstrapMinRuns)
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"Run bootstrap with {runs} runs: too few distinct resamples for nominal 95 % intervals (expect under-coverage); the parametric bootstrap is the default below {IntervalMethods.RunBootstrapMinRuns} runs."));
        var unresolved = fits.Where(f => f.AlphaUnresolved()).Select(f => f.Domain).ToList();
        if (unresolved.Count > 0)
            warnings.Add($"α cannot be told from 0 for {string.Join(", ", unresolved)}: within the observed mixtures the loss barely reacts to the " +
                         "proportion, so predictions at other proportions are weakly determined and the optimizer leaves these shares undetermined.");
        return warnings;
    }
}
