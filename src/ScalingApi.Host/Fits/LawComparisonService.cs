using System.Diagnostics;
using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Catalog;
using ScalingApi.Laws.Metrics;

namespace ScalingApi.Host.Fits;

/// <summary>
/// Fits every requested law on one training part and scores each on one held-out part, so the numbers are
/// comparable: the same runs, the same split, the same metrics (the BiMix paper's hold-out protocol).
/// </summary>
public sealed class LawComparisonService(ExperimentDataLoader loader, FitRunSelector selector)
{
    public const string WinnerRule = "lowest mean held-out relative error among the laws that apply";

    /// <summary>The comparison's run selection, objective and hold-out as the fit request they are.</summary>
    public static CreateFitRequest AsFit(LawComparisonRequest request) =>
        new(FitRequestValidator.BiMix, request.Objective, request.Holdout, request.Bootstrap, request.Seed, request.Runs, request.Sweep);

    public LawComparisonResponse Compare(long experimentId, LawComparisonRequest request)
    {
        // the request is well-formed: LawComparisonRules ran before the handler
        var asFit = AsFit(request);

        var experiment = loader.Load(experimentId);
        var selection = selector.Select(experimentId, experiment.Data, asFit);
        var (train, heldOut) = FitService.Split(selection, request.Holdout);
        var bootstrap = request.Bootstrap ?? 0;
        var entries = request.Laws!.Select(name => Score(LawCatalog.Find(name)!, train, heldOut!,
            LawFitService.Options(request.Objective, bootstrap, request.Seed, experiment, request.AtStep, request.AnnealingDecay))).ToList();

        var winner = entries.Where(e => e.RelativeError?.Mean is not null).MinBy(e => e.RelativeError!.Mean)?.Law;
        var trainingRuns = train.Observations.Select(o => o.Run).Distinct().Order().Select(r => train.Runs[r].Name).ToList();
        return new LawComparisonResponse(experimentId, request.Holdout!.Kind, trainingRuns, entries, winner, WinnerRule);
    }

    private static LawComparisonEntry Score(IScalingLaw law, BiMixData train, BiMixData heldOut, LawFitOptions options)
    {
        if (law.Inapplicable(train, options) is { } why) return NotApplicable(law.Name, why);
        var clock = Stopwatch.StartNew();
        IFittedLaw model;
        try { model = law.Fit(train, options); }
        catch (InsufficientDataException e) { return NotApplicable(law.Name, e.Message); }
        var elapsed = clock.Elapsed.TotalMilliseconds;

        var unscored = new Dictionary<string, string>();
        var relativeError = TryScore(model, heldOut, HoldoutKind.LastStep, unscored, "relative error");
        var logR2 = TryScore(model, heldOut, HoldoutKind.Runs, unscored, "log R²");
        if (relativeError is null && logR2 is null)
            return NotApplicable(law.Name, "the held-out part has no point this law can predict: " + string.Join("; ", unscored.Select(u => $"{u.Key}: {u.Value}")))
                with { ParameterCount = model.ParameterCount, ElapsedMs = elapsed };
        return new LawComparisonEntry(law.Name, true, null, model.ParameterCount,
            relativeError is null ? null : Summary(relativeError), logR2 is null ? null : Summary(logR2),
            relativeError?.PerDomain.ToDictionary(d => d.Domain, d => Finite(d.Value)), unscored, elapsed);
    }

    /// <summary>Scores one metric; domains it could not score are added to <paramref name="unscored"/> (with the metric named).</summary>
    private static HoldoutEvaluation? TryScore(IFittedLaw model, BiMixData heldOut, HoldoutKind kind, Dictionary<string, string> unscored, string metric)
    {
        try
        {
            var evaluation = LawFitService.Score(model, heldOut, kind);
            foreach (var u in evaluation.Unscored) Note(unscored, u.Domain, $"{metric}: {u.Reason}");
            return evaluation;
        }
        catch (InsufficientDataException e)
        {
            foreach (var domain in model.Domains) Note(unscored, domain, $"{metric}: {e.Message}");
            return null;
        }
    }

    private static void Note(Dictionary<string, string> unscored, string domain, string reason) =>
        unscored[domain] = unscored.TryGetValue(domain, out var earlier) ? $"{earlier}; {reason}" : reason;

    private static LawComparisonEntry NotApplicable(string law, string reason) => new(law, false, reason, null, null, null, null, null, null);

    private static MetricSummaryResponse Summary(HoldoutEvaluation e) => new(Finite(e.Summary.Mean), Finite(e.Summary.Worst), Finite(e.Summary.Best));

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
