using ScalingApi.Contracts;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Metrics;
using ScalingApi.Storage;

namespace ScalingApi.Host.Fits;

/// <summary>Numerics' types → HTTP contract. JSON cannot carry NaN or ∞, so those become null.</summary>
public static class FitResponseMapper
{
    public const string Convention =
        "L_i(r, s) = A r^-alpha (B s^-beta + C) with A = 1: only A*B and A*C are identifiable, so B and C carry A. " +
        "s is training steps (tokens / tokensPerStep). alpha is null for a domain observed at a single proportion.";

    /// <param name="tokensPerStep">The experiment's, to state the observed steps in tokens too.</param>
    public static FitResponse ToResponse(FitRow row, BiMixFit model, HoldoutResponse? holdout, double? tokensPerStep = null) => new(
        row.Id, row.ExperimentId, row.Law, row.Objective, (int)row.Bootstrap, (int)row.Seed, Convention,
        model.DomainFits.Select(d => ToResponse(d, tokensPerStep)).ToList(), holdout, row.ElapsedMs, DateTimeOffset.Parse(row.CreatedAt),
        FitModelJson.DeserializeRuns(row.RunsJson), row.SweepId, model.EffectiveIntervalMethod, model.Warnings);

    public static HoldoutResponse ToResponse(HoldoutEvaluation evaluation, IReadOnlyList<string>? runs) => new(
        evaluation.Kind == HoldoutKind.LastStep ? "last-step" : "runs",
        evaluation.Metric,
        runs,
        evaluation.PerDomain.ToDictionary(d => d.Domain, d => Finite(d.Value)),
        new MetricSummaryResponse(Finite(evaluation.Summary.Mean), Finite(evaluation.Summary.Worst), Finite(evaluation.Summary.Best)),
        evaluation.Unscored.ToDictionary(u => u.Domain, u => u.Reason));

    private static DomainFitResponse ToResponse(DomainFit fit, double? tokensPerStep)
    {
        var d = fit.Diagnostics;
        return new DomainFitResponse(
            fit.Domain, fit.Law.A, fit.Law.B, fit.Law.C, fit.Law.Alpha, fit.Law.Beta,
            fit.Intervals is { } i
                ? new ParameterIntervalsResponse(ToResponse(i.B), ToResponse(i.C), i.Alpha is null ? null : ToResponse(i.Alpha), ToResponse(i.Beta))
                : null,
            ToResponse(d),
            fit.Note,
            fit.Observed is { } o
                ? new ObservedRangeResponse(o.MinProportion, o.MaxProportion, o.MinStep, o.MaxStep, o.MinStep * tokensPerStep, o.MaxStep * tokensPerStep)
                : null,
            fit.ExtrapolationError is { } e
                ? new ExtrapolationErrorResponse(e.PerLogStep, e.LastObservedStep, e.Statistic, e.Critical, e.HeldOutRuns)
                : null,
            fit.AlphaUnresolved(),
            fit.ProportionError is { } pe
                ? new ProportionErrorResponse(pe.PerLogProportion, pe.MinProportion, pe.MaxProportion, pe.Statistic, pe.Critical, pe.HeldOutRuns)
                : null);
    }

    public static DiagnosticsResponse ToResponse(FitDiagnostics d) =>
        new(d.Converged, d.Iterations, Finite(d.Objective), Finite(d.GradientNorm), d.Points,
            Finite(d.InSampleRelativeError), Finite(d.InSampleLogR2), d.BootstrapUnconverged, d.Message);

    private static IntervalResponse ToResponse(Interval interval) => new(interval.Lower, interval.Upper);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
