using System.Diagnostics;
using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Hosting;
using ScalingApi.Host.Validation;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Metrics;
using ScalingApi.Storage;

namespace ScalingApi.Host.Fits;

/// <summary>Runs a fit (with its optional hold-out evaluation) and stores it, immutable.</summary>
public sealed class FitService(DbSession db, ExperimentDataLoader loader, FitStore fits, IOptions<LimitsOptions> limits)
{
    public FitResponse Create(long experimentId, CreateFitRequest request)
    {
        var errors = FitRequestValidator.Validate(request, limits.Value.MaxBootstrap);
        if (errors.Count > 0) throw ApiProblemException.Invalid(errors);
        var experiment = loader.Load(experimentId);
        var (train, heldOut) = Split(experiment.Data, request.Holdout);

        var options = new BiMixFitOptions
        {
            Objective = FitRequestValidator.ParseObjective(request.Objective)!.Value,
            BootstrapResamples = request.Bootstrap ?? limits.Value.DefaultBootstrap,
            Seed = request.Seed ?? 0,
        };
        var clock = Stopwatch.StartNew();
        var model = BiMixFitter.Fit(train, options);
        var holdout = heldOut is null
            ? null
            : FitResponseMapper.ToResponse(
                HoldoutEvaluator.Evaluate(model, heldOut, request.Holdout!.Kind == FitRequestValidator.LastStep ? HoldoutKind.LastStep : HoldoutKind.Runs),
                request.Holdout.Runs);
        var elapsed = clock.Elapsed.TotalMilliseconds;

        using var write = db.BeginWrite();
        var row = fits.Insert(new FitRow
        {
            ExperimentId = experimentId,
            Law = request.Law,
            Objective = request.Objective,
            Seed = options.Seed,
            Bootstrap = options.BootstrapResamples,
            RequestJson = FitModelJson.Serialize(request),
            ModelJson = FitModelJson.Serialize(model),
            HoldoutJson = holdout is null ? null : FitModelJson.Serialize(holdout),
            ElapsedMs = elapsed,
        });
        write.Commit();
        return FitResponseMapper.ToResponse(row, model, holdout);
    }

    public FitResponse? Find(long fitId) =>
        fits.Find(fitId) is { } row
            ? FitResponseMapper.ToResponse(row, FitModelJson.DeserializeModel(row.ModelJson), FitModelJson.DeserializeHoldout(row.HoldoutJson))
            : null;

    private static (BiMixData Train, BiMixData? HeldOut) Split(BiMixData data, HoldoutSpec? holdout)
    {
        if (holdout is null) return (data, null);
        if (holdout.Kind == FitRequestValidator.LastStep)
        {
            var (train, held) = data.SplitLastStep();
            return (train, held);
        }
        var known = data.Runs.Select(r => r.Name).ToHashSet();
        var unknown = holdout.Runs!.Select((name, i) => (name, i)).Where(x => !known.Contains(x.name))
            .Select(x => new FieldError($"holdout.runs[{x.i}]", $"unknown run '{x.name}'")).ToList();
        if (unknown.Count > 0) throw ApiProblemException.Invalid(unknown);
        var split = data.SplitRuns(holdout.Runs!.ToHashSet());
        return (split.Train, split.HeldOut);
    }
}
