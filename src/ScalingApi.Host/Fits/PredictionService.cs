using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;
using ScalingApi.Laws.BiMix;

namespace ScalingApi.Host.Fits;

/// <remarks>The request's own rules have run (<see cref="PredictionRules"/>); here only what needs the fit: its domains, tokensPerStep, alpha.</remarks>
public sealed class PredictionService(StoredFitLoader loader, LawPlanningService otherLaws)
{
    public PredictionResponse Predict(long fitId, PredictionRequest request)
    {
        if (otherLaws.Find(fitId) is { } other) return otherLaws.Predict(other, request);
        var fit = loader.Load(fitId);
        var domains = fit.DomainNames;
        var errors = new List<FieldError>();
        var weights = PlanningInputs.Weights(request.Weights, domains, errors);
        var inputs = request.Points.Select((p, k) =>
        {
            var prefix = $"points[{k}].";
            var steps = PlanningInputs.Steps(p.Steps, p.Tokens, fit.Experiment.TokensPerStep, prefix, errors);
            var mixture = MixtureValidator.InDomainOrder(p.Mixture, domains, prefix + "mixture", errors);
            return (steps, mixture);
        }).ToList();
        if (errors.Count > 0) throw new InvalidInputException(errors);
        // A domain without alpha is answerable at the one proportion it was observed at; anywhere else is refused per point.
        var needAlpha = inputs.SelectMany((x, k) => fit.Model.DomainFits
            .Select((d, i) => (d, i))
            .Where(t => t.d.Law.Alpha is null && !t.d.Law.IsObservedProportion(x.mixture![t.i]))
            .Select(t => new FieldError($"fit.alpha.{t.d.Domain}",
                $"alpha is null: the domain was observed at a single proportion ({t.d.Law.ObservedProportion:G6}), so its loss at points[{k}].mixture.{t.d.Domain} = {x.mixture![t.i]:G6} cannot be predicted")))
            .ToList();
        if (needAlpha.Count > 0)
            throw new UnanswerableException( needAlpha);

        return new PredictionResponse(fitId, inputs.Select(x =>
        {
            var prediction = BiMixPredictor.Predict(fit.Model, x.mixture!, x.steps!.Value, weights);
            return new PointPrediction(x.steps.Value, ByDomain(domains, prediction), ToEstimate(prediction.Average),
                ToResponse(domains, ExtrapolationReport.For(fit.Model, x.mixture!, x.steps.Value)));
        }).ToList());
    }

    public static Extrapolation? ToResponse(IReadOnlyList<string> domains, ExtrapolationReport report) =>
        report.StepsMultiple is null
            ? null
            : new Extrapolation(report.StepsMultiple, report.ProportionsOutside.ToDictionary(
                o => domains[o.Domain], o => new ProportionOutside(o.Proportion, o.ObservedMin, o.ObservedMax, o.Factor)));

    public static IReadOnlyDictionary<string, LossEstimate> ByDomain(IReadOnlyList<string> domains, MixturePrediction prediction) =>
        domains.Select((d, i) => (d, ToEstimate(prediction.Domains[i]))).ToDictionary(x => x.d, x => x.Item2);

    public static LossEstimate ToEstimate(PredictedLoss loss) => new(loss.Loss, loss.Lower, loss.Upper, loss.IntervalMethod);
}
