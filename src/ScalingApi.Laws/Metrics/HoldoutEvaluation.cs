using ScalingApi.Laws.BiMix;

namespace ScalingApi.Laws.Metrics;

public enum HoldoutKind { LastStep, Runs }

/// <summary>mean / worst / best over domains of one metric.</summary>
public sealed record MetricSummary(double Mean, double Worst, double Best);

public sealed record DomainHoldoutScore(string Domain, double Value);

/// <summary>
/// The BiMix paper's evaluation. LastStep: relative error |y − ŷ|/y of each run's final checkpoint,
/// averaged per domain over runs. Runs: R² of log loss over each held-out run's checkpoints, per
/// domain (averaged over held-out runs).
/// </summary>
public sealed record HoldoutEvaluation(
    HoldoutKind Kind,
    string Metric,
    IReadOnlyList<DomainHoldoutScore> PerDomain,
    MetricSummary Summary);

public static class HoldoutEvaluator
{
    public static HoldoutEvaluation Evaluate(BiMixFit fit, BiMixData heldOut, HoldoutKind kind) => throw new NotImplementedException();
}
