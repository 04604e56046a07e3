using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Fits;
using ScalingApi.Host.Validation;
using ScalingApi.Laws.BiMix;
using ScalingApi.Storage;

namespace ScalingApi.Host.Plots;

/// <summary>
/// Gathers what a fit's figures show and renders them, once: a fit is immutable, so a figure is cached
/// under its fit and query. The curves figure also shows the experiment's observations, which can grow
/// after the fit; their count is part of its key so new losses appear.
/// </summary>
public sealed class FitPlots(
    StoredFitLoader fits, ExperimentDataLoader experiments, ObservationStore observations, OptimalMixtureService optimizer, PlotCache cache)
{
    /// <summary>One domain's losses, fitted curves and band per run; the first domain when none is named.</summary>
    /// <exception cref="DomainException"><see cref="NotFoundException"/> unknown fit; <see cref="InvalidInputException"/> unknown domain.</exception>
    public PlotImage Curves(long fitId, string? domain, PlotFormat format)
    {
        var fit = fits.Load(fitId);
        var index = domain is null ? 0 : fit.DomainNames.ToList().IndexOf(domain);
        if (index < 0)
            throw new InvalidInputException("domain", UnknownDomain.Rule(domain, fit.DomainNames));
        var key = ("fit-curves", fitId, index, format, observations.Count(fit.Experiment.Id));
        return Cached(key, () => FitCurvesChart.Draw(CurvesFigure(fit, index)), format);
    }

    /// <summary>Optimal vs natural vs uniform mixtures at a target (default: the fit's largest observed step).</summary>
    public PlotImage Mixtures(long fitId, double? steps, double? tokens, PlotFormat format)
    {
        var fit = fits.Load(fitId);
        // a query string is easily mistyped; a target far past any training budget is a typo, not a question
        var errors = new List<FieldError>();
        if (steps > MaxSteps) errors.Add(new("steps", $"must be at most {MaxSteps:G}"));
        if (tokens > MaxTokens) errors.Add(new("tokens", $"must be at most {MaxTokens:G}"));
        if (steps is not null || tokens is not null) PlanningInputs.StepsOrTokens(steps, tokens, "", errors);
        if (errors.Count > 0) throw new InvalidInputException(errors);
        if (steps is null && tokens is null) steps = FitData(fit).Observations.Max(o => o.Step);
        var key = ("fit-mixtures", fitId, steps, tokens, format);
        return Cached(key, () => MixtureBarsChart.Draw(optimizer.Optimize(fitId, new OptimalMixtureRequest(steps, tokens))), format);
    }

    public const double MaxSteps = 1e12;
    public const double MaxTokens = 1e18;

    private PlotImage Cached(object key, Func<ScottPlot.Plot> draw, PlotFormat format) =>
        cache.GetOrRender(key, () => PlotRenderer.Render(draw(), format));

    /// <summary>The fit's runs as they are stored now (steps rescaled like the fit's).</summary>
    private BiMixData FitData(StoredFit fit)
    {
        var data = experiments.Load(fit.Experiment.Id).Data;
        var runs = FitModelJson.DeserializeRuns(fit.Row.RunsJson);
        return runs is null ? data : data.SelectRuns(runs.Where(name => data.Runs.Any(r => r.Name == name)).ToHashSet());
    }

    private FitCurvesFigure CurvesFigure(StoredFit fit, int domain)
    {
        var data = FitData(fit);
        var heldOut = HeldOutPredicate(fit, data);
        var runs = data.Runs.Select((run, k) =>
        {
            var points = data.Observations.Where(o => o.Run == k && o.Domain == domain && o.Loss > 0 && o.Step > 0).ToList();
            var proportion = run.Proportions[domain];
            IReadOnlyList<CurvePoint> curve = [];
            if (points.Count > 0 && proportion > 0)
            {
                try { curve = DomainCurve.Along(fit.Model, domain, proportion, points.Min(p => p.Step), points.Max(p => p.Step)); }
                catch (AlphaUnavailableException) { } // the figure still shows this run's losses
            }
            return new RunCurve(run.Name, proportion,
                points.Where(o => !heldOut(o)).Select(o => new LossPoint(o.Step, o.Loss)).ToList(),
                points.Where(heldOut).Select(o => new LossPoint(o.Step, o.Loss)).ToList(),
                curve);
        }).ToList();
        return new FitCurvesFigure(fit.Row.Id, fit.DomainNames[domain], runs);
    }

    /// <summary>Which observations the fit kept out: each run's last checkpoint, or whole runs.</summary>
    private static Func<LossObservation, bool> HeldOutPredicate(StoredFit fit, BiMixData data)
    {
        var holdout = FitModelJson.DeserializeHoldout(fit.Row.HoldoutJson);
        if (holdout is null) return _ => false;
        if (holdout.Kind == "runs")
        {
            var names = (holdout.Runs ?? []).ToHashSet();
            return o => names.Contains(data.Runs[o.Run].Name);
        }
        var (_, held) = data.SplitLastStep();
        var last = held.Observations.Select(o => (o.Run, o.Step)).ToHashSet();
        return o => last.Contains((o.Run, o.Step));
    }
}
