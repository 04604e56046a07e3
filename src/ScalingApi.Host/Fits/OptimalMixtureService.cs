using ScalingApi.Contracts;
using ScalingApi.Host.Corpora;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Mixtures;
using ScalingApi.Laws.Statistics;

namespace ScalingApi.Host.Fits;

/// <summary>
/// The loss-minimising mixture at a target step, with intervals from optimising each bootstrap law
/// set, compared with the natural (token share) and uniform mixtures under the same law. Token counts
/// (natural shares, data limits) are the domains' declared ones, else those measured from their corpora,
/// exactly as <c>GET /api/experiments/{id}/mixtures/natural</c> takes them. The request's own rules have run
/// (<see cref="OptimalMixtureRules"/>); here only what needs the fit: its domains, tokensPerStep and token counts.
/// </summary>
public sealed class OptimalMixtureService(StoredFitLoader loader, CorpusMixtures corpusMixtures)
{
    public OptimalMixtureResponse Optimize(long fitId, OptimalMixtureRequest request)
    {
        var fit = loader.Load(fitId);
        var domains = fit.DomainNames;
        var errors = new List<FieldError>();
        var steps = PlanningInputs.Steps(request.Steps, request.Tokens, fit.Experiment.TokensPerStep, "", errors);
        var weights = PlanningInputs.Weights(request.Weights, domains, errors);
        var (tokens, unavailable) = corpusMixtures.TryNaturalTokens(fit.Experiment.Id);
        var bounds = Bounds(request, fit, tokens, unavailable, errors);
        if (errors.Count > 0) throw new InvalidInputException(errors);
        fit.RequireAlpha("fit.alpha");
        CheckFeasible(bounds!, request.DataLimits is not null);

        var step = steps!.Value;
        var w = weights ?? Enumerable.Repeat(1.0 / domains.Count, domains.Count).ToArray();
        var region = SearchRegion(fit, bounds!, request.Extrapolate ?? false);
        var repetition = RepetitionPlanning.Model(request.DataLimits, tokens);
        double[] Optimize(IReadOnlyList<DomainLaw> laws) => (repetition is null
            ? MixtureOptimizer.Optimize(laws, step, w, region.Bounds)
            : RepetitionAwareOptimizer.Optimize(laws, step, w, repetition, region.Bounds)).ToArray();
        var optimal = Optimize(fit.Model.DomainFits.Select(d => d.Law).ToList());
        var resampled = fit.Model.BootstrapLaws.Select(Optimize).ToList();
        var optimalShares = domains.Select((d, i) => (d, resampled.Count == 0
                ? new ProportionEstimate(optimal[i], optimal[i], optimal[i])
                : new ProportionEstimate(optimal[i], Percentile.Of(resampled.Select(r => r[i]), Percentile.Lower), Percentile.Of(resampled.Select(r => r[i]), Percentile.Upper))))
            .ToDictionary(x => x.d, x => x.Item2);

        var caps = DataLimitCaps(request.DataLimits, tokens);
        var natural = tokens is null ? null : Assess(fit, tokens.Tokens.Select(t => t / tokens.Tokens.Sum()).ToArray(), step, weights, bounds!, caps, repetition);
        return new OptimalMixtureResponse(
            fitId, step,
            Assess(fit, optimalShares, optimal, step, weights, repetition),
            natural,
            Assess(fit, Enumerable.Repeat(1.0 / domains.Count, domains.Count).ToArray(), step, weights, bounds!, caps, repetition),
            domains.Select((d, i) => (d, new ProportionRange(bounds![i].Min, bounds[i].Max))).ToDictionary(x => x.d, x => x.Item2),
            resampled.Count,
            tokens?.Source,
            tokens?.Tokenizer,
            unavailable,
            TrustRegionReportOf(fit, region, optimal, bounds!));
    }

    /// <summary>The request's box narrowed to the trust region (unless extrapolating).</summary>
    internal static TrustRegion SearchRegion(StoredFit fit, ProportionBounds[] bounds, bool extrapolate) =>
        TrustRegion.Apply(fit.Model, bounds, extrapolate);

    private static TrustRegionReport TrustRegionReportOf(StoredFit fit, TrustRegion region, double[] optimal, ProportionBounds[] requested)
    {
        var domains = fit.DomainNames;
        var observed = fit.Model.DomainFits.All(d => d.Observed is not null)
            ? fit.Model.DomainFits.Select((d, i) => (domains[i], new ProportionRange(d.Observed!.MinProportion, d.Observed.MaxProportion))).ToDictionary(x => x.Item1, x => x.Item2)
            : null;
        return new TrustRegionReport(region.Extrapolate, observed,
            region.AtObservedBound(fit.Model, optimal, requested).ToDictionary(x => domains[x.Key], x => x.Value),
            region.Undetermined.ToDictionary(x => domains[x.Key], x => x.Value),
            region.OutsideObserved.ToDictionary(x => domains[x.Key], x => x.Value));
    }

    /// <summary>r_i ≤ maxEpochs · tokens_i / totalTokens per domain; null without data limits.</summary>
    private static double[]? DataLimitCaps(DataLimits? limits, NaturalTokenCounts? tokens) =>
        limits is null || tokens is null || !RepetitionPlanning.IsHardCap(limits)
            ? null
            : tokens.Tokens.Select(t => MixtureOptimizer.DataLimitUpperBound(t, limits.MaxEpochs, limits.TotalTokens)).ToArray();

    /// <summary>The request's own rules of bounds and data limits (for its request validator): ranges within [0, 1], min ≤ max, positive limits.</summary>
    public static void BoundValues(IReadOnlyDictionary<string, ProportionRange>? requested, DataLimits? dataLimits, List<FieldError> errors)
    {
        foreach (var (name, range) in requested ?? new Dictionary<string, ProportionRange>())
        {
            if (range is null) errors.Add(new($"bounds.{name}", "must be an object {min, max}"));
            else if (!double.IsFinite(range.Min) || range.Min is < 0 or > 1) errors.Add(new($"bounds.{name}.min", "must be finite and within [0, 1]"));
            else if (!double.IsFinite(range.Max) || range.Max is < 0 or > 1) errors.Add(new($"bounds.{name}.max", "must be finite and within [0, 1]"));
            else if (range.Min > range.Max) errors.Add(new($"bounds.{name}", $"min {range.Min} is greater than max {range.Max}"));
        }
        if (dataLimits is null) return;
        FieldRules.PositiveFinite(dataLimits.TotalTokens, "dataLimits.totalTokens", errors);
        if (RepetitionPlanning.Validate(dataLimits, errors)) FieldRules.PositiveFinite(dataLimits.MaxEpochs, "dataLimits.maxEpochs", errors);
    }

    /// <summary>Valid <see cref="BoundValues"/> over the fit's domains, tightened by data limits: r_i ≤ maxEpochs · tokens_i / totalTokens.</summary>
    internal static ProportionBounds[]? Bounds(OptimalMixtureRequest request, StoredFit fit, NaturalTokenCounts? tokens, string? tokensUnavailable,
        List<FieldError> errors)
    {
        var domains = fit.DomainNames;
        var before = errors.Count;
        var bounds = domains.Select(_ => new ProportionBounds(0, 1)).ToArray();
        foreach (var (name, range) in request.Bounds ?? new Dictionary<string, ProportionRange>())
        {
            var i = domains.ToList().IndexOf(name);
            if (i < 0) errors.Add(new($"bounds.{name}", UnknownDomain.Rule(name, domains)));
            else bounds[i] = new ProportionBounds(range.Min, range.Max);
        }
        if (request.DataLimits is { } limits)
        {
            if (tokens is null)
                errors.Add(new("dataLimits", "the domains' unique-token counts are unknown: not every domain declares tokens, and measured counts " +
                                             $"are unavailable ({tokensUnavailable}), so the data limits cannot be applied"));
            else if (errors.Count == before && RepetitionPlanning.IsHardCap(limits))
            {
                for (var i = 0; i < bounds.Length; i++)
                {
                    var cap = MixtureOptimizer.DataLimitUpperBound(tokens.Tokens[i], limits.MaxEpochs, limits.TotalTokens);
                    bounds[i] = bounds[i] with { Max = Math.Min(bounds[i].Max, cap) };
                }
            }
        }
        return errors.Count > before ? null : bounds;
    }

    /// <summary>Says which input made the problem infeasible, in the caller's terms.</summary>
    internal static void CheckFeasible(ProportionBounds[] bounds, bool dataLimited)
    {
        var field = dataLimited ? "dataLimits" : "bounds";
        if (bounds.Any(b => b.Min > b.Max))
            throw new UnanswerableException(field, "a domain's minimum exceeds its data-limited maximum");
        if (bounds.Sum(b => b.Min) > 1 + 1e-12)
            throw new UnanswerableException("bounds", $"infeasible: the minimum proportions sum to {bounds.Sum(b => b.Min):R} > 1");
        if (bounds.Sum(b => b.Max) < 1 - 1e-12)
            throw new UnanswerableException(field, $"infeasible: the maximum proportions sum to {bounds.Sum(b => b.Max):R} < 1");
    }

    /// <summary>A fixed mixture (natural, uniform) as it is, marked infeasible when it breaks the request's bounds or data limits.</summary>
    private static MixtureAssessment Assess(StoredFit fit, double[] mixture, double step, double[]? weights, ProportionBounds[] requested, double[]? caps,
        DiminishingRepetition? repetition)
    {
        var violations = TrustRegion.Violations(fit.DomainNames, mixture, requested, caps);
        return Assess(fit, fit.DomainNames.Select((d, i) => (d, new ProportionEstimate(mixture[i], mixture[i], mixture[i]))).ToDictionary(x => x.d, x => x.Item2),
            mixture, step, weights, repetition) with { Feasible = violations.Count == 0, Infeasible = violations };
    }

    /// <summary>Losses of a mixture; under diminishing repetition the law sees each domain's effective proportion.</summary>
    internal static MixtureAssessment Assess(StoredFit fit, IReadOnlyDictionary<string, ProportionEstimate> shares, double[] mixture, double step, double[]? weights,
        DiminishingRepetition? repetition = null)
    {
        var prediction = BiMixPredictor.Predict(fit.Model, repetition?.EffectiveMixture(mixture) ?? mixture, step, weights);
        return new MixtureAssessment(shares, PredictionService.ByDomain(fit.DomainNames, prediction), PredictionService.ToEstimate(prediction.Average),
            Infeasible: [], Extrapolation: PredictionService.ToResponse(fit.DomainNames, ExtrapolationReport.For(fit.Model, mixture, step)));
    }
}
