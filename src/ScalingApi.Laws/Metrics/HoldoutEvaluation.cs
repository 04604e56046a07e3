using ScalingApi.Laws.BiMix;

namespace ScalingApi.Laws.Metrics;

public enum HoldoutKind { LastStep, Runs }

/// <summary>mean / worst / best over domains of one metric.</summary>
public sealed record MetricSummary(double Mean, double Worst, double Best);

public sealed record DomainHoldoutScore(string Domain, double Value);

/// <summary>A domain the held-out part could not score, and why (e.g. α unknown at a new proportion).</summary>
public sealed record UnscoredDomain(string Domain, string Reason);

/// <summary>
/// The BiMix paper's evaluation. LastStep: relative error |y − ŷ|/y of each run's final checkpoint,
/// averaged per domain over runs. Runs: R² of log loss over each held-out run's checkpoints, per
/// domain (averaged over held-out runs).
/// </summary>
public sealed record HoldoutEvaluation(
    HoldoutKind Kind,
    string Metric,
    IReadOnlyList<DomainHoldoutScore> PerDomain,
    MetricSummary Summary)
{
    /// <summary>Domains left out of <see cref="PerDomain"/> and the summary, with the reason.</summary>
    public IReadOnlyList<UnscoredDomain> Unscored { get; init; } = [];
}

public static class HoldoutEvaluator
{
    public const string RelativeErrorMetric = "relative-error";
    public const string LogR2Metric = "log-r2";

    /// <summary>
    /// Scores <paramref name="fit"/> on <paramref name="heldOut"/> (same domains, in the same order).
    /// LastStep: summary worst = max, best = min relative error. Runs: worst = min, best = max R².
    /// Domains that cannot be scored (no held-out points, α unknown at a new proportion, fewer than 2
    /// checkpoints per run for R²) are listed in <see cref="HoldoutEvaluation.Unscored"/>.
    /// </summary>
    /// <exception cref="InsufficientDataException">no domain could be scored.</exception>
    public static HoldoutEvaluation Evaluate(BiMixFit fit, BiMixData heldOut, HoldoutKind kind) =>
        Evaluate(fit.Domains, (i, run, step) => fit.DomainFits[i].Law.Predict(run.Proportions[i], step), heldOut, kind);

    /// <summary>
    /// The same evaluation for any law: <paramref name="predict"/> gives domain i's loss for a held-out run at a step.
    /// A domain whose prediction throws <see cref="ArgumentException"/> or <see cref="InvalidOperationException"/> is unscored with the message.
    /// </summary>
    public static HoldoutEvaluation Evaluate(IReadOnlyList<string> domains, Func<int, RunMixture, double, double> predict, BiMixData heldOut, HoldoutKind kind)
    {
        if (!heldOut.Domains.SequenceEqual(domains))
            throw new ArgumentException("The held-out data must have the fit's domains in the same order.", nameof(heldOut));

        var scores = new List<DomainHoldoutScore>();
        var unscored = new List<UnscoredDomain>();
        for (var i = 0; i < domains.Count; i++)
        {
            var perRun = heldOut.Observations.Where(o => o.Domain == i).GroupBy(o => o.Run).ToList();
            if (perRun.Count == 0) { unscored.Add(new(domains[i], "no held-out observations")); continue; }
            try
            {
                var runScores = perRun
                    .Select(run => ScoreRun(step => predict(i, heldOut.Runs[run.Key], step), run.OrderBy(o => o.Step).ToList(), kind))
                    .ToList();
                var usable = runScores.OfType<double>().ToList();
                if (usable.Count == 0)
                    unscored.Add(new(domains[i], "log-space R² needs at least 2 held-out checkpoints with different losses in a run"));
                else
                    scores.Add(new(domains[i], usable.Average()));
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException) { unscored.Add(new(domains[i], e.Message)); }
        }
        if (scores.Count == 0)
            throw new InsufficientDataException("No domain of the held-out data could be scored: " +
                string.Join("; ", unscored.Select(u => $"{u.Domain}: {u.Reason}")));

        var values = scores.Select(s => s.Value).ToList();
        var summary = kind == HoldoutKind.LastStep
            ? new MetricSummary(values.Average(), values.Max(), values.Min())
            : new MetricSummary(values.Average(), values.Min(), values.Max());
        return new HoldoutEvaluation(kind, kind == HoldoutKind.LastStep ? RelativeErrorMetric : LogR2Metric, scores, summary)
        {
            Unscored = unscored,
        };
    }

    /// <summary>One run's score for one domain; null when R² is undefined for it.</summary>
    private static double? ScoreRun(Func<double, double> predictAt, IReadOnlyList<LossObservation> points, HoldoutKind kind)
    {
        var predicted = points.Select(o => predictAt(o.Step)).ToList();
        var actual = points.Select(o => o.Loss).ToList();
        return kind == HoldoutKind.LastStep
            ? actual.Zip(predicted, FitMetrics.RelativeError).Average()
            : FitMetrics.TryLogRSquared(actual, predicted);
    }
}
