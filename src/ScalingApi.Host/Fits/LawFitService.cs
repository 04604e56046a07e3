using System.Diagnostics;
using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Hosting;
using ScalingApi.Host.Validation;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Catalog;
using ScalingApi.Laws.Metrics;
using ScalingApi.Laws.Schedules;
using ScalingApi.Storage;

namespace ScalingApi.Host.Fits;

/// <summary>
/// Fits laws other than BiMix through <see cref="IScalingLaw"/> and stores them like BiMix fits (same table,
/// same request shape); BiMix keeps its own services so its numbers and output stay exactly as they were.
/// </summary>
public sealed class LawFitService(FitRecorder recorder, ExperimentDataLoader loader, FitRunSelector selector, IOptions<LimitsOptions> limits)
{
    /// <summary>Expects a request <see cref="FitRequestValidator"/> accepted.</summary>
    public FitResponse Create(long experimentId, CreateFitRequest request)
    {
        var law = LawCatalog.Find(request.Law)!;
        var experiment = loader.Load(experimentId);
        var selection = selector.Select(experimentId, experiment.Data, request);
        var (train, heldOut) = FitService.Split(selection, request.Holdout);
        var options = Options(request.Objective, request.Bootstrap ?? limits.Value.DefaultBootstrap, request.Seed, experiment, request.AtStep, request.AnnealingDecay);

        var clock = Stopwatch.StartNew();
        var model = Fit(law, train, options);
        var holdout = heldOut is null
            ? null
            : FitResponseMapper.ToResponse(Score(model, heldOut, request.Holdout!.Kind == FitRequestValidator.LastStep ? HoldoutKind.LastStep : HoldoutKind.Runs),
                request.Holdout.Runs);
        var elapsed = clock.Elapsed.TotalMilliseconds;

        var row = recorder.Record(experimentId, request, options.Seed, options.BootstrapResamples, LawFitJson.Serialize(model), holdout, elapsed, selection);
        return ToResponse(row, model, holdout);
    }

    public static LawFitOptions Options(string objective, int bootstrap, int? seed, ExperimentData experiment, double? atStep, double? annealingDecay) => new()
    {
        Objective = FitRequestValidator.ParseObjective(objective)!.Value,
        BootstrapResamples = bootstrap,
        Seed = seed ?? 0,
        TokensPerStep = experiment.Experiment.TokensPerStep,
        AtStep = atStep,
        AnnealingDecay = annealingDecay ?? AnnealingArea.Decay,
    };

    /// <summary>Fits, or 422 naming the law and why it does not apply to these data.</summary>
    public static IFittedLaw Fit(IScalingLaw law, BiMixData train, LawFitOptions options)
    {
        if (law.Inapplicable(train, options) is { } why) throw new UnanswerableException("law", $"{law.Name}: {why}");
        return law.Fit(train, options);
    }

    /// <summary>The BiMix paper's hold-out protocol applied to any law (points a fixed-step law cannot speak to are left out).</summary>
    public static HoldoutEvaluation Score(IFittedLaw model, BiMixData heldOut, HoldoutKind kind)
    {
        var scored = model.FixedStep is { } step ? heldOut with { Observations = heldOut.Observations.Where(o => o.Step == step).ToList() } : heldOut;
        return HoldoutEvaluator.Evaluate(model.Domains, (i, run, at) => model.PredictDomain(i, LawPoint.Of(run, at)), scored, kind);
    }

    public FitResponse? Find(FitRow row) =>
        ToResponse(row, LawFitJson.Deserialize(row.Law, row.ModelJson), FitModelJson.DeserializeHoldout(row.HoldoutJson));

    private static FitResponse ToResponse(FitRow row, IFittedLaw model, HoldoutResponse? holdout)
    {
        var law = LawCatalog.Find(row.Law)!;
        return new FitResponse(row.Id, row.ExperimentId, row.Law, row.Objective, (int)row.Bootstrap, (int)row.Seed,
            law.Formula, [], holdout, row.ElapsedMs, DateTimeOffset.Parse(row.CreatedAt), FitModelJson.DeserializeRuns(row.RunsJson), row.SweepId)
        {
            Formula = law.Formula,
            ParameterCount = model.ParameterCount,
            AnnealingDecay = model is FittedBiMixLr { Term: AnnealingTerm.Tissue } schedule ? schedule.AnnealingDecay : null,
            Parameters = model.Parameters.Select(d => new LawDomainFitResponse(
                d.Domain,
                model.ParameterNames.Select((name, k) => (name, new ParameterEstimateResponse(
                    d.Values[k], d.Intervals?[k] is { } i ? new IntervalResponse(i.Lower, i.Upper) : null))).ToDictionary(x => x.name, x => x.Item2),
                FitResponseMapper.ToResponse(d.Diagnostics),
                d.Note)).ToList(),
        };
    }
}
