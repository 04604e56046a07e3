using System.Text.Json;
using ScalingApi.Contracts.Workers;

namespace ScalingApi.Contracts;

/// <summary>
/// Body of <c>POST /api/experiments/{id}/mixture-methods/doremi</c> (docs/science.md §3). Every field is optional.
/// </summary>
/// <param name="ReferenceMixture">A mixture kind (<c>natural</c>, default; <c>uniform</c>, <c>entropy-*</c>, …) or a saved mixture's name.</param>
/// <param name="Preset">Proxy size of both the reference and the DRO proxy: <c>tiny</c> (default), <c>small</c>, <c>base</c>.</param>
/// <param name="Steps">Training steps of each proxy, default 200.</param>
/// <param name="Eta">η of the log-space weight update, default 1.</param>
/// <param name="Smoothing">c in α = (1 − c)·softmax + c/k, default 1e-3.</param>
/// <param name="Rounds">Iterated DoReMi: round k+1 uses round k's weights as its reference mixture; default 1.</param>
/// <param name="Seed">Training seed, default 1.</param>
/// <param name="Executor"><c>local</c> or <c>slurm</c>; default from <c>Sweeps:DefaultExecutor</c>.</param>
public sealed record DoReMiRequest(
    string? ReferenceMixture = null,
    string? Preset = null,
    int? Steps = null,
    double? Eta = null,
    double? Smoothing = null,
    int? Rounds = null,
    int? Seed = null,
    string? Executor = null);

/// <summary>
/// Body of <c>POST /api/experiments/{id}/mixture-methods/chameleon</c> (docs/science.md §4). Every field is optional.
/// </summary>
/// <param name="Checkpoint">The proxy that embeds the domains; default: this experiment's latest proxy trained on the uniform
/// mixture, trained first (with <paramref name="Preset"/>, <paramref name="Steps"/>) when there is none.</param>
/// <param name="WindowsPerDomain">Training windows embedded per domain, default 64.</param>
/// <param name="Lambda">Ridge λ of the leverage scores, default 10.</param>
/// <param name="TauPretrain">τ_PT of the pretraining weights softmax((1/S)/τ), default 5.</param>
/// <param name="TauFinetune">τ_FT of the fine-tuning weights softmax(S/τ), default 0.2.</param>
/// <param name="Seed">Seed of the window sampling (and of an on-demand proxy), default 1.</param>
public sealed record ChameleonRequest(
    CheckpointSelector? Checkpoint = null,
    int? WindowsPerDomain = null,
    double? Lambda = null,
    double? TauPretrain = null,
    double? TauFinetune = null,
    int? Seed = null,
    string? Preset = null,
    int? Steps = null,
    string? Executor = null);

/// <summary>A trained proxy: a run (by name) of an experiment, trained by one of its sweeps. Another experiment's works if its tokenizer is the same.</summary>
public sealed record CheckpointSelector(long ExperimentId, string Run);

/// <summary>Where a method's mixture came from.</summary>
/// <param name="ReferenceMixture">DoReMi: the mixture of the first round's reference proxy.</param>
/// <param name="Checkpoint">Chameleon: the proxy that embedded the domains.</param>
/// <param name="Parameters">The job's parameters with defaults filled in.</param>
public sealed record MixtureProvenance(long JobId, string Method, string? ReferenceMixture, CheckpointSelector? Checkpoint, JsonElement Parameters);

/// <summary>One sweep a job launched: its stage, round and compute.</summary>
public sealed record MixtureMethodStage(string Stage, int Round, long SweepId, string Status, SweepCompute Compute);

/// <summary>Chameleon's intermediate numbers: normalised leverage scores and both weight vectors.</summary>
public sealed record ChameleonResult(
    IReadOnlyDictionary<string, double> LeverageScores,
    IReadOnlyDictionary<string, double> PretrainingWeights,
    IReadOnlyDictionary<string, double> FineTuningWeights,
    int Layer,
    int Dimensions);

/// <summary><c>GET /api/mixture-methods/{jobId}</c>.</summary>
/// <param name="Status"><c>running</c>, <c>completed</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="Stage">The current (or last) stage: <c>reference</c>, <c>proxy</c> (DoReMi), <c>uniform-proxy</c>, <c>embedding</c> (Chameleon).</param>
/// <param name="Progress">Fraction of the job's planned training steps done, 0…1.</param>
/// <param name="Compute">All the job's sweeps together, as sweeps report it.</param>
/// <param name="Weights">The resulting mixture once completed (DoReMi: mean α_t of the last round; Chameleon: the pretraining weights).</param>
/// <param name="Trajectory">DoReMi: α_t and the running mean every few steps, per round in order.</param>
public sealed record MixtureMethodJobResponse(
    long Id,
    long ExperimentId,
    string Method,
    string Status,
    string Stage,
    int Round,
    int Rounds,
    double Progress,
    SweepCompute Compute,
    IReadOnlyDictionary<string, double>? Weights,
    MixtureProvenance Provenance,
    IReadOnlyList<MixtureMethodStage> Stages,
    IReadOnlyList<DoReMiTrajectoryPoint> Trajectory,
    ChameleonResult? Chameleon,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt);

public sealed record DoReMiTrajectoryPoint(int Round, int Step, IReadOnlyDictionary<string, double> Weights, IReadOnlyDictionary<string, double> Average);
