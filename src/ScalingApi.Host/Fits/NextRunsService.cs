using System.Globalization;
using ScalingApi.Contracts;
using ScalingApi.Host.Corpora;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Mixtures;

namespace ScalingApi.Host.Fits;

/// <summary>
/// Which mixtures to run next (<see cref="NextRunAdvisor"/>): when the optimum (same search box as optimal-mixture) is
/// clamped at an observed edge, first a run one step beyond it where the law places the optimum; then candidates near the
/// optimum ranked by how much the bootstrap law sets disagree about their loss. The request's own rules have run
/// (<see cref="NextRunsRules"/>); here only what needs the fit.
/// </summary>
public sealed class NextRunsService(StoredFitLoader loader, CorpusMixtures corpusMixtures)
{
    public const int MaxCount = 10;

    public NextRunsResponse Recommend(long fitId, NextRunsRequest request)
    {
        var fit = loader.Load(fitId);
        var domains = fit.DomainNames;
        var errors = new List<FieldError>();
        var steps = PlanningInputs.Steps(request.Steps, request.Tokens, fit.Experiment.TokensPerStep, "", errors);
        var weights = PlanningInputs.Weights(request.Weights, domains, errors);
        var (tokens, unavailable) = corpusMixtures.TryNaturalTokens(fit.Experiment.Id);
        var bounds = OptimalMixtureService.Bounds(new OptimalMixtureRequest(Bounds: request.Bounds), fit, tokens, unavailable, errors);
        if (errors.Count > 0) throw new InvalidInputException(errors);
        fit.RequireAlpha("fit.alpha");
        if (fit.Model.BootstrapLaws.Count < 2)
            throw new UnanswerableException("fit.bootstrap", "next-run advice compares the fit's bootstrap laws: refit with bootstrap ≥ 2");
        OptimalMixtureService.CheckFeasible(bounds!, dataLimited: false);

        var step = steps!.Value;
        var w = weights ?? Enumerable.Repeat(1.0 / domains.Count, domains.Count).ToArray();
        var region = OptimalMixtureService.SearchRegion(fit, bounds!, request.Extrapolate ?? false);
        var optimum = MixtureOptimizer.Optimize(fit.Model.DomainFits.Select(d => d.Law).ToList(), step, w, region.Bounds);
        var runs = NextRunAdvisor.Recommend(fit.Model, step, w, region.Bounds, bounds!, optimum, request.Count);
        var optimumSpread = NextRunAdvisor.Disagreement(fit.Model, optimum, step, w);

        return new NextRunsResponse(
            fitId, step,
            (region.Extrapolate
                ? ""
                : string.Create(CultureInfo.InvariantCulture,
                    $"When the optimum sits on an edge of the observed proportions (the trust region) that the bounds would let it cross, the first run steps beyond it: the law's optimum with every free share allowed up to {NextRunAdvisor.Reach:G}× its largest observed value and down to 1/{NextRunAdvisor.Reach:G} of its smallest. ")) +
            "Other runs: the optimum (or that step) and 400 Dirichlet draws around it (concentration 20) inside the bounds" +
            (region.Extrapolate ? "" : " and the same box") +
            ", ranked by the sd over bootstrap law sets of the log average loss at the requested steps; picked greedily, discounting candidates within L1 distance 0.2 of a pick.",
            OptimalMixtureService.Assess(fit, domains.Select((d, i) => (d, new ProportionEstimate(optimum[i], optimum[i], optimum[i]))).ToDictionary(x => x.d, x => x.Item2),
                optimum, step, weights),
            optimumSpread,
            runs.Select(r => new RecommendedRun(
                domains.Select((d, i) => (d, r.Mixture[i])).ToDictionary(x => x.d, x => x.Item2),
                PredictionService.ToEstimate(BiMixPredictor.Predict(fit.Model, r.Mixture, step, weights).Average),
                r.Disagreement, r.DistanceToOptimum, BeyondObserved(fit, r.Mixture).Count > 0, Why(fit, r))).ToList(),
            ExpectedEffect(runs, optimumSpread));
    }

    private static string ExpectedEffect(IReadOnlyList<NextRun> runs, double optimumSpread) =>
        (runs.Any(r => r.ExtendsRange)
            ? "The optimum is clamped at the edge of the observed proportions, so runs inside them could not move it: the first run steps beyond that edge where the law places the optimum, and the refit's trust region then reaches it. "
            : "") +
        string.Create(CultureInfo.InvariantCulture, $"The runs observe the loss where the current laws disagree most near the optimum (sd of the log loss {runs.Max(r => r.Disagreement):G3} at the most uncertain pick vs {optimumSpread:G3} at the optimum); ") +
        "refitting with them should narrow the optimum's interval and move the optimum towards the true one. In the committed simulation (tests/benchmarks/results/next-runs.md, " +
        "50 synthetic problems, 2 runs added) such runs beat the same number of random Dirichlet runs on both counts.";

    /// <summary>The domains a mixture takes beyond the proportions the fit observed, one phrase each.</summary>
    private static List<string> BeyondObserved(StoredFit fit, double[] mixture) =>
        fit.Model.DomainFits.Select((d, i) => (d.Domain, Share: mixture[i], d.Observed))
            .Where(x => x.Observed is not null && (x.Share > x.Observed.MaxProportion + 1e-9 || x.Share < x.Observed.MinProportion - 1e-9))
            .Select(x => x.Share > x.Observed!.MaxProportion
                ? string.Create(CultureInfo.InvariantCulture, $"more {x.Domain} ({x.Share:G3}; the runs had at most {x.Observed.MaxProportion:G3})")
                : string.Create(CultureInfo.InvariantCulture, $"less {x.Domain} ({x.Share:G3}; the runs had at least {x.Observed.MinProportion:G3})"))
            .ToList();

    /// <summary>The domains a run takes beyond their observed proportions, or the disagreement it was picked for.</summary>
    private static string Why(StoredFit fit, NextRun run)
    {
        var beyond = BeyondObserved(fit, run.Mixture);
        return beyond.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Goes beyond the observed proportions: {string.Join(", ", beyond)}; the bootstrap laws disagree there by an sd of the log loss of {run.Disagreement:G3}.")
            : string.Create(CultureInfo.InvariantCulture, $"Inside the observed proportions, where the bootstrap laws disagree most about the loss (sd of the log loss {run.Disagreement:G3}).");
    }
}
