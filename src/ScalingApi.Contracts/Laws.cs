using System.Text.Json.Serialization;

namespace ScalingApi.Contracts;

// Additions for laws other than BiMix (docs/laws.md). Kept in this file so the shared contracts stay as they were.

public sealed partial record CreateRunRequest
{
    /// <summary>Model size N (parameters, &gt; 0), needed by laws in model size (<c>chinchilla</c>).</summary>
    public double? Parameters { get; init; }
}

public sealed partial record RunResponse
{
    /// <summary>The declared model size N; omitted when the run did not declare one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Parameters { get; init; }
}

public sealed partial record CreateFitRequest
{
    /// <summary><c>dml</c> only: the step whose losses the law describes; default the last step every fitted run reached.</summary>
    public double? AtStep { get; init; }

    /// <summary>
    /// <c>bimix-lr</c> only: λ of the annealing momentum, 0 ≤ λ &lt; 1 (memory about 1/(1 − λ) steps); default Tissue et al.'s 0.999.
    /// Which λ forecasts best depends on the proxies' schedule and length (docs/laws.md); compare fits on a hold-out.
    /// </summary>
    public double? AnnealingDecay { get; init; }
}

public sealed partial record PredictionPoint
{
    /// <summary>Model size N, required by <c>chinchilla</c> fits (tokens D = steps × tokensPerStep).</summary>
    public double? Parameters { get; init; }
}

public sealed partial record FitResponse
{
    /// <summary>The fitted law's equation (laws other than <c>bimix</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Formula { get; init; }

    /// <summary>Per domain, every parameter by name with its bootstrap interval (laws other than <c>bimix</c>, whose <c>domains</c> say it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<LawDomainFitResponse>? Parameters { get; init; }

    /// <summary>Free parameters over all domains (laws other than <c>bimix</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ParameterCount { get; init; }

    /// <summary>λ of the annealing momentum the fit used and its predictions use (<c>bimix-lr</c> fits).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? AnnealingDecay { get; init; }
}

/// <summary>A fitted value with its bootstrap percentile interval (null without a bootstrap).</summary>
public sealed record ParameterEstimateResponse(double? Value, IntervalResponse? Interval);

public sealed record LawDomainFitResponse(
    string Domain,
    IReadOnlyDictionary<string, ParameterEstimateResponse> Parameters,
    DiagnosticsResponse Diagnostics,
    string? Note);

/// <summary>Body of <c>POST /api/fits/{id}/compute-optimal</c> (<c>chinchilla</c> fits).</summary>
/// <param name="Flops">Training compute C (&gt; 0); C = 6 N D.</param>
/// <param name="Weights">Domain name → relative weight of the averaged loss; default equal.</param>
public sealed record ComputeOptimalRequest(double Flops, IReadOnlyDictionary<string, double>? Weights = null);

/// <summary>A derived quantity with its bootstrap percentile interval (2.5 %, 97.5 %).</summary>
public sealed record EstimateResponse(double Value, double Lower, double Upper);

/// <param name="Parameters">N*, the loss-minimising model size at this compute.</param>
/// <param name="Tokens">D* = C / (6 N*).</param>
/// <param name="Losses">Per domain, the loss at (N*, D*).</param>
public sealed record ComputeOptimalResponse(
    long FitId,
    double Flops,
    EstimateResponse Parameters,
    EstimateResponse Tokens,
    IReadOnlyDictionary<string, LossEstimate> Losses,
    LossEstimate Average,
    int BootstrapResamplesUsed);

/// <summary>Body of <c>POST /api/experiments/{id}/law-comparisons</c>.</summary>
/// <param name="Laws">Law names to compare (at least one, no repeats).</param>
/// <param name="Holdout">What every law is trained without and scored on.</param>
/// <param name="Bootstrap">Resamples per law, 0..max; default 0 (a comparison scores point predictions).</param>
public sealed record LawComparisonRequest(
    IReadOnlyList<string> Laws, HoldoutSpec Holdout, string Objective = "huber", int? Bootstrap = null, int? Seed = null,
    IReadOnlyList<string>? Runs = null, long? Sweep = null, double? AtStep = null)
{
    /// <summary>λ for <c>bimix-lr</c> among <see cref="Laws"/> (as on a fit request); default 0.999.</summary>
    public double? AnnealingDecay { get; init; }
}

/// <summary>One law's held-out scores; <see cref="Reason"/> says why a law did not apply.</summary>
/// <param name="RelativeError">|y − ŷ| / y over the held-out points, mean / worst / best over domains.</param>
/// <param name="LogR2">R² of log loss over each held-out run's checkpoints (needs ≥ 2 per run), mean / worst / best over domains.</param>
/// <param name="Unscored">Domain → why a metric could not be computed for it.</param>
public sealed record LawComparisonEntry(
    string Law,
    bool Applicable,
    string? Reason,
    int? ParameterCount,
    MetricSummaryResponse? RelativeError,
    MetricSummaryResponse? LogR2,
    IReadOnlyDictionary<string, double?>? RelativeErrorPerDomain,
    IReadOnlyDictionary<string, string>? Unscored,
    double? ElapsedMs);

/// <param name="Winner">The applicable law with the lowest mean held-out relative error; null when none was scored.</param>
public sealed record LawComparisonResponse(
    long ExperimentId,
    string Holdout,
    IReadOnlyList<string> TrainingRuns,
    IReadOnlyList<LawComparisonEntry> Laws,
    string? Winner,
    string WinnerRule);

public sealed partial record DataLimits
{
    /// <summary>
    /// <c>cap</c> (default): a domain may be repeated at most maxEpochs times, every token counting fully.
    /// <c>diminishing</c>: repeated tokens count as Muennighoff et al.'s effective data (docs/laws.md); maxEpochs, when given, still caps.
    /// </summary>
    public string? Repetition { get; init; }
}
