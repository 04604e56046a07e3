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
public sealed class FitService(FitRecorder recorder, ExperimentDataLoader loader, FitRunSelector selector, FitStore fits, IOptions<LimitsOptions> limits,
    LawFitService otherLaws)
{
    public FitResponse Create(long experimentId, CreateFitRequest request)
    {
        // the request is well-formed: CreateFitRules ran before the handler
        if (request.Law != FitRequestValidator.BiMix) return otherLaws.Create(experimentId, request);
        var experiment = loader.Load(experimentId);
        var selection = selector.Select(experimentId, experiment.Data, request);
        var (train, heldOut) = Split(selection, request.Holdout);

        var options = new BiMixFitOptions
        {
            Objective = FitRequestValidator.ParseObjective(request.Objective)!.Value,
            BootstrapResamples = request.Bootstrap ?? limits.Value.DefaultBootstrap,
            Seed = request.Seed ?? 0,
            Intervals = IntervalMethods.Parse(request.Intervals)!.Value,
        };
        var clock = Stopwatch.StartNew();
        var model = BiMixFitter.Fit(train, options);
        var holdout = heldOut is null
            ? null
            : FitResponseMapper.ToResponse(
                HoldoutEvaluator.Evaluate(model, heldOut, request.Holdout!.Kind == FitRequestValidator.LastStep ? HoldoutKind.LastStep : HoldoutKind.Runs),
                request.Holdout.Runs);
        var elapsed = clock.Elapsed.TotalMilliseconds;

        var row = recorder.Record(experimentId, request, options.Seed, options.BootstrapResamples, FitModelJson.Serialize(model), holdout, elapsed, selection);
        return FitResponseMapper.ToResponse(row, model, holdout, experiment.Experiment.TokensPerStep);
    }

    public FitResponse? Find(long fitId) =>
        fits.Find(fitId) is { } row
            ? row.Law != FitRequestValidator.BiMix
                ? otherLaws.Find(row)
                : FitResponseMapper.ToResponse(row, FitModelJson.DeserializeModel(row.ModelJson), FitModelJson.DeserializeHoldout(row.HoldoutJson),
                    loader.TokensPerStep(row.ExperimentId))
            : null;

    /// <summary>Splits the selected runs' data; hold-out runs must be among the selected runs.</summary>
    internal static (BiMixData Train, BiMixData? HeldOut) Split(SelectedRuns selection, HoldoutSpec? holdout)
    {
        var data = selection.Data;
        if (holdout is null) return (data, null);
        if (holdout.Kind == FitRequestValidator.LastStep)
        {
            var (train, held) = data.SplitLastStep();
            return (train, held);
        }
        var known = selection.Runs.ToHashSet();
        var unknown = holdout.Runs!.Select((name, i) => (name, i)).Where(x => !known.Contains(x.name))
            .Select(x => new FieldError($"holdout.runs[{x.i}]", selection.Narrowed
                ? $"run '{x.name}' is not among the selected runs (runs/sweep); hold-out runs must be a subset of them"
                : $"unknown run '{x.name}'")).ToList();
        if (unknown.Count > 0) throw new InvalidInputException(unknown);
        var split = data.SplitRuns(holdout.Runs!.ToHashSet());
        return (split.Train, split.HeldOut);
    }
}
