using ScalingApi.Contracts;
using ScalingApi.Host.Corpora;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Mixtures;

namespace ScalingApi.Host.Fits;

/// <summary>
/// Which mixtures to run next: candidates near the current optimum (same search box as optimal-mixture), ranked by how
/// much the bootstrap law sets disagree about their loss (<see cref="NextRunAdvisor"/>).
/// </summary>
public sealed class NextRunsService(StoredFitLoader loader, CorpusMixtures corpusMixtures)
{
    public const int MaxCount = 10;

    public NextRunsResponse Recommend(long fitId, NextRunsRequest request)
    {
        var fit = loader.Load(fitId);
        var domains = fit.DomainNames;
        var errors = new List<FieldError>();
        if (request.Count is < 1 or > MaxCount) errors.Add(new("count", $"must be between 1 and {MaxCount}"));
        var steps = PlanningInputs.Steps(request.Steps, request.Tokens, fit.Experiment.TokensPerStep, "", errors);
        var weights = PlanningInputs.Weights(request.Weights, domains, errors);
        var (tokens, unavailable) = corpusMixtures.TryNaturalTokens(fit.Experiment.Id);
        var bounds = OptimalMixtureService.Bounds(new OptimalMixtureRequest(Bounds: request.Bounds), fit, tokens, unavailable, errors);
        if (errors.Count > 0) throw ApiProblemException.Invalid(errors);
        fit.RequireAlpha("fit.alpha");
        if (fit.Model.BootstrapLaws.Count < 2)
            throw ApiProblemException.Unprocessable("fit.bootstrap", "next-run advice compares the fit's bootstrap laws: refit with bootstrap ≥ 2");
        OptimalMixtureService.CheckFeasible(bounds!, dataLimited: false);

        var step = steps!.Value;
        var w = weights ?? Enumerable.Repeat(1.0 / domains.Count, domains.Count).ToArray();
        var region = OptimalMixtureService.SearchRegion(fit, bounds!, request.Extrapolate ?? false);
        var optimum = MixtureOptimizer.Optimize(fit.Model.DomainFits.Select(d => d.Law).ToList(), step, w, region.Bounds);
        var runs = NextRunAdvisor.Recommend(fit.Model, step, w, region.Bounds, optimum, request.Count);
        var optimumSpread = NextRunAdvisor.Disagreement(fit.Model, optimum, step, w);

        return new NextRunsResponse(
            fitId, step,
            "Candidates: the optimum and 400 Dirichlet draws around it (concentration 20) inside the bounds" +
            (region.Extrapolate ? "" : " and the observed proportions (trust region)") +
            "; ranked by the sd over bootstrap law sets of the log average loss at the requested steps; picked greedily, discounting candidates within L1 distance 0.2 of a pick.",
            OptimalMixtureService.Assess(fit, domains.Select((d, i) => (d, new ProportionEstimate(optimum[i], optimum[i], optimum[i]))).ToDictionary(x => x.d, x => x.Item2),
                optimum, step, weights),
            optimumSpread,
            runs.Select(r => new RecommendedRun(
                domains.Select((d, i) => (d, r.Mixture[i])).ToDictionary(x => x.d, x => x.Item2),
                PredictionService.ToEstimate(BiMixPredictor.Predict(fit.Model, r.Mixture, step, weights).Average),
                r.Disagreement, r.DistanceToOptimum)).ToList(),
            string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Each run observes the loss where the current laws disagree most near the optimum (sd of the log loss {runs.Max(r => r.Disagreement):G3} at the most uncertain pick vs {optimumSpread:G3} at the optimum); refitting with these runs should narrow the optimum's interval. In the committed simulation (tests/benchmarks/results/next-runs.md) such runs are compared with the same number of random Dirichlet runs."));
    }
}
