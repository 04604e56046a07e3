using System.Globalization;
using ScalingApi.Laws.BiMix;

namespace ScalingApi.Laws.Mixtures;

/// <summary>
/// The box a planning question may search: the caller's bounds, intersected (unless extrapolating) with the proportions
/// each domain's law was fitted on, and with every domain whose α cannot be told from 0 held in the middle of its
/// observed range (its loss barely reacts to the proportion in the data, so the law would push it to a bound on no
/// evidence). The observed box is always feasible on its own: every run's proportions lie in it and sum to 1.
/// </summary>
/// <param name="OutsideObserved">Domains the caller's bounds (or data limits) put entirely outside their observed range: those
/// keep the caller's bounds and are extrapolated, with why.</param>
public sealed record TrustRegion(ProportionBounds[] Bounds, IReadOnlyDictionary<int, string> Undetermined, bool Extrapolate,
    IReadOnlyDictionary<int, string> OutsideObserved)
{
    public static TrustRegion Apply(BiMixFit fit, IReadOnlyList<ProportionBounds> requested, bool extrapolate)
    {
        var m = requested.Count;
        var bounds = requested.ToArray();
        var outside = new Dictionary<int, string>();
        if (!extrapolate)
        {
            for (var i = 0; i < m; i++)
            {
                if (fit.DomainFits[i].Observed is not { } o) continue;
                var narrowed = new ProportionBounds(Math.Max(bounds[i].Min, o.MinProportion), Math.Min(bounds[i].Max, o.MaxProportion));
                if (narrowed.Min <= narrowed.Max) { bounds[i] = narrowed; continue; }
                // The caller's limits leave nothing inside the data for this domain: honour them, and say it is extrapolated.
                outside[i] = string.Create(CultureInfo.InvariantCulture,
                    $"the bounds or data limits ({bounds[i].Min:G4}–{bounds[i].Max:G4}) lie outside the observed {o.MinProportion:G4}–{o.MaxProportion:G4}: this share is extrapolated");
            }
            if (bounds.Sum(b => b.Min) > 1 + 1e-12 || bounds.Sum(b => b.Max) < 1 - 1e-12)
            {
                // No mixture keeps the caller's limits inside the data: search the caller's box, and say every share may be extrapolated.
                bounds = requested.ToArray();
                for (var i = 0; i < m; i++)
                    outside.TryAdd(i, "the bounds or data limits leave no mixture within the observed proportions of every domain, so the optimum is searched within them and may be extrapolated");
            }
        }

        var undetermined = new Dictionary<int, string>();
        for (var i = 0; i < m; i++)
        {
            var d = fit.DomainFits[i];
            if (!d.AlphaUnresolved() || d.Observed is not { } o) continue;
            var held = Math.Clamp((o.MinProportion + o.MaxProportion) / 2, bounds[i].Min, bounds[i].Max);
            var trial = bounds.ToArray();
            trial[i] = new ProportionBounds(held, held);
            if (trial.Sum(b => b.Min) > 1 + 1e-12 || trial.Sum(b => b.Max) < 1 - 1e-12) continue;
            bounds = trial;
            undetermined[i] = string.Create(CultureInfo.InvariantCulture,
                $"alpha {d.Law.Alpha:G3} cannot be told from 0 by these runs, so the data do not determine this share; held at {held:G4}, the middle of the observed {o.MinProportion:G4}–{o.MaxProportion:G4}. Runs with clearly more and less of {d.Domain} would resolve it.");
        }
        return new TrustRegion(bounds, undetermined, extrapolate, outside);
    }

    /// <summary>
    /// Domains whose optimum sits on an edge of their observed range that the caller did not impose: the law wants to go
    /// further than the data reach, with the run that would tell whether that pays.
    /// </summary>
    public IReadOnlyDictionary<int, string> AtObservedBound(BiMixFit fit, IReadOnlyList<double> optimum, IReadOnlyList<ProportionBounds> requested)
    {
        var result = new Dictionary<int, string>();
        if (Extrapolate) return result;
        for (var i = 0; i < optimum.Count; i++)
        {
            if (Undetermined.ContainsKey(i) || OutsideObserved.ContainsKey(i) || fit.DomainFits[i].Observed is not { } o) continue;
            var name = fit.Domains[i];
            const double tolerance = 1e-9;
            if (o.MaxProportion < requested[i].Max - tolerance && optimum[i] >= o.MaxProportion - tolerance)
                result[i] = string.Create(CultureInfo.InvariantCulture,
                    $"at the largest observed share {o.MaxProportion:G4}: the law favours more {name} than any run had. Run a mixture with more of {name} to learn whether that pays (or set extrapolate: true to trust the law beyond the data).");
            else if (o.MinProportion > requested[i].Min + tolerance && optimum[i] <= o.MinProportion + tolerance)
                result[i] = string.Create(CultureInfo.InvariantCulture,
                    $"at the smallest observed share {o.MinProportion:G4}: the law favours less {name} than any run had. Run a mixture with less of {name} to learn whether that pays (or set extrapolate: true to trust the law beyond the data).");
        }
        return result;
    }

    /// <summary>Why a mixture breaks the caller's bounds (data limits included), one line per domain; empty when it keeps them.</summary>
    public static IReadOnlyList<string> Violations(IReadOnlyList<string> domains, IReadOnlyList<double> mixture, IReadOnlyList<ProportionBounds> requested,
        IReadOnlyList<double>? dataLimitCaps)
    {
        var reasons = new List<string>();
        const double tolerance = 1e-9;
        for (var i = 0; i < mixture.Count; i++)
        {
            var r = mixture[i];
            if (dataLimitCaps is not null && r > dataLimitCaps[i] + tolerance)
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{domains[i]} = {r:G4} exceeds its data limit {dataLimitCaps[i]:G4} (maxEpochs · tokens / totalTokens): the run would repeat {domains[i]} more often than allowed"));
            else if (r > requested[i].Max + tolerance)
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{domains[i]} = {r:G4} is above bounds.{domains[i]}.max {requested[i].Max:G4}"));
            else if (r < requested[i].Min - tolerance)
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{domains[i]} = {r:G4} is below bounds.{domains[i]}.min {requested[i].Min:G4}"));
        }
        return reasons;
    }
}
