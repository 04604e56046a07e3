using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;
using ScalingApi.Laws.Catalog;
using ScalingApi.Laws.Chinchilla;
using ScalingApi.Storage;

namespace ScalingApi.Host.Fits;

/// <summary>A stored fit of a law other than BiMix, with its experiment.</summary>
public sealed record StoredLawFit(FitRow Row, IFittedLaw Model, FitExperiment Experiment) : IStoredFit;

/// <summary>Planning questions (predictions, compute-optimal allocation) answered by fits of laws other than BiMix.</summary>
/// <remarks>The requests' own rules have run (<see cref="PredictionRules"/>, <see cref="ComputeOptimalRules"/>); here only what needs the fit.</remarks>
public sealed class LawPlanningService(StoredFitLoader loader)
{
    /// <summary>The fit when it exists and is not a BiMix fit; null otherwise (BiMix fits keep their own services).</summary>
    public StoredLawFit? Find(long fitId) => loader.Find(fitId) as StoredLawFit;

    public PredictionResponse Predict(StoredLawFit fit, PredictionRequest request)
    {
        var domains = fit.Model.Domains;
        var errors = new List<FieldError>();
        var weights = PlanningInputs.Weights(request.Weights, domains, errors);
        if (errors.Count > 0) throw new InvalidInputException(errors);

        var predictions = request.Points.Select((p, k) =>
        {
            var prefix = $"points[{k}].";
            var before = errors.Count;
            var steps = PlanningInputs.Steps(p.Steps, p.Tokens, fit.Experiment.TokensPerStep, prefix, errors);
            var mixture = MixtureValidator.InDomainOrder(p.Mixture, domains, prefix + "mixture", errors);
            var schedule = LearningRateScheduleValidator.Parse(p.LearningRateSchedule, prefix + "learningRateSchedule");
            if (errors.Count > before) return null;
            try
            {
                var prediction = fit.Model.Predict(new LawPoint(mixture!, steps!.Value) { Parameters = p.Parameters, Schedule = schedule }, weights);
                return new PointPrediction(steps.Value, PredictionService.ByDomain(domains, prediction), PredictionService.ToEstimate(prediction.Average));
            }
            catch (ArgumentException e)
            {
                errors.Add(new(prefix + (e.ParamName ?? "steps"), e.Message.Split(" (Parameter")[0]));
                return null;
            }
        }).ToList();
        if (errors.Count > 0) throw new InvalidInputException(errors);
        return new PredictionResponse(fit.Row.Id, predictions!);
    }

    public ComputeOptimalResponse ComputeOptimal(long fitId, ComputeOptimalRequest request)
    {
        var fit = Find(fitId) ?? (loader.Find(fitId) is null
            ? throw NotFoundException.Fit(fitId)
            : throw new UnanswerableException("law", $"fit {fitId} is a bimix fit; compute-optimal needs a chinchilla fit (model size and tokens)"));
        if (fit.Model is not FittedChinchilla chinchilla)
            throw new UnanswerableException("law", $"fit {fitId} is a {fit.Row.Law} fit; compute-optimal needs a chinchilla fit (model size and tokens)");
        var errors = new List<FieldError>();
        var weights = PlanningInputs.Weights(request.Weights, fit.Model.Domains, errors);
        if (errors.Count > 0) throw new InvalidInputException(errors);

        var allocation = ScalingApi.Laws.Chinchilla.ComputeOptimal.Allocate(chinchilla, request.Flops, weights);
        return new ComputeOptimalResponse(fitId, request.Flops,
            new EstimateResponse(allocation.Parameters.Loss, allocation.Parameters.Lower, allocation.Parameters.Upper),
            new EstimateResponse(allocation.Tokens.Loss, allocation.Tokens.Lower, allocation.Tokens.Upper),
            PredictionService.ByDomain(fit.Model.Domains, allocation.Loss),
            PredictionService.ToEstimate(allocation.Loss.Average),
            chinchilla.BootstrapResamples);
    }
}
