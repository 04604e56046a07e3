using System.Text.Json.Serialization;
using ScalingApi.Contracts.Workers;

namespace ScalingApi.Contracts;

/// <summary>Body of <c>POST /api/experiments/{id}/sweeps</c>: mixtures × a proxy model × a step budget.</summary>
/// <param name="Name">Prefix of the sweep's run names; default <c>sweep-{id}</c>.</param>
/// <param name="Mixtures">Each entry is one explicit mixture, a saved mixture, or a design that expands into several.</param>
/// <param name="Model">A preset (<c>tiny</c>, <c>small</c>, <c>base</c>) with optional field overrides.</param>
/// <param name="Steps">Training steps per run.</param>
/// <param name="Checkpoints">Where validation losses are recorded: <c>{count, spacing:"log"|"linear"}</c> or <c>{steps:[…]}</c>.</param>
/// <param name="Seed">Training seed, the same for every run (so runs differ only by mixture).</param>
/// <param name="Executor"><c>local</c> (worker processes on this machine) or <c>slurm</c>; default from <c>Sweeps:DefaultExecutor</c>.</param>
/// <param name="BatchSize">Sequences per step; overrides <c>model.batchSize</c>; default 16.</param>
/// <param name="Tokenizer"><c>bytes</c> (default) or <c>gpt2</c>.</param>
/// <param name="LearningRateSchedule">The schedule every run trains with (the form runs declare); <c>totalSteps</c> may be omitted
/// (it is <c>steps</c>), an explicit <c>rates</c> list gives one rate per step. Default: peak 3e-3, 10 % warm-up, exponential decay to a tenth.</param>
public sealed record CreateSweepRequest(
    IReadOnlyList<SweepMixtureSpec> Mixtures,
    ProxyModelSpec Model,
    int Steps,
    CheckpointSpec Checkpoints,
    string? Name = null,
    int Seed = 1,
    string? Executor = null,
    int? BatchSize = null,
    string? Tokenizer = null,
    LearningRateScheduleSpec? LearningRateSchedule = null);

/// <summary>
/// One entry of a sweep's mixture list; exactly one of <c>mixture</c>, <c>saved</c> or <c>design</c>.
/// Designs: <c>dirichlet</c> (<c>count</c> draws around the natural token shares with <c>concentration</c> and <c>seed</c>),
/// <c>one-up</c> (per domain, its natural share multiplied by <c>factor</c>, the rest renormalised),
/// <c>entropy</c> (softmax of the domains' corpus entropies — <c>measure</c> <c>ce</c> (conditional, default), <c>se</c>, <c>je</c> or
/// <c>vne</c> — at <c>temperature</c> (default 1), or one mixture per entry of <c>temperatures</c>; needs current corpus statistics).
/// </summary>
public sealed record SweepMixtureSpec(
    string? Name = null,
    IReadOnlyDictionary<string, double>? Mixture = null,
    string? Saved = null,
    string? Design = null,
    int? Count = null,
    double? Concentration = null,
    int? Seed = null,
    double? Factor = null,
    double? Temperature = null,
    string? Measure = null,
    IReadOnlyList<double>? Temperatures = null);

/// <summary>Either a count with a spacing or an explicit list of steps.</summary>
public sealed record CheckpointSpec(int? Count = null, string? Spacing = null, IReadOnlyList<int>? Steps = null);

/// <summary>A sweep with every run's progress and the compute spent so far.</summary>
/// <param name="LearningRateSchedule">The schedule its runs train with (recorded on each run); omitted for sweeps from before schedules were recorded.</param>
public sealed record SweepResponse(
    long Id,
    long ExperimentId,
    string Name,
    string Status,
    string Executor,
    string Tokenizer,
    ProxyModelSpec Model,
    long Parameters,
    int Steps,
    IReadOnlyList<int> CheckpointSteps,
    int Seed,
    string? ExternalJobId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    SweepTotals Totals,
    SweepCompute Compute,
    IReadOnlyList<SweepRunResponse> Runs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LearningRateScheduleSpec? LearningRateSchedule = null);

/// <param name="EtaSeconds">Remaining steps at the last reported speed; null before the first report or once finished.</param>
/// <param name="ExternalState">The executor's view of the task (Slurm job state), when it has one.</param>
/// <param name="Observations">Losses recorded for the run so far; a completed run has <paramref name="ExpectedObservations"/> (checkpoints × domains).</param>
/// <param name="Seed">The run's training seed (the sweep's unless the run has its own, as comparison runs do).</param>
public sealed record SweepRunResponse(
    long RunId,
    string RunName,
    int TaskIndex,
    IReadOnlyDictionary<string, double> Mixture,
    string Status,
    int Attempts,
    int Step,
    double? TokensPerSecond,
    double? TrainLoss,
    double? EtaSeconds,
    string? LastError,
    string? WorkerId,
    DateTimeOffset? LeaseExpiresAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double DeviceSeconds,
    long Tokens,
    string? ExternalState,
    string? ExternalReason,
    long Observations = 0,
    long ExpectedObservations = 0,
    int? Seed = null);

public sealed record SweepTotals(int Runs, int Pending, int Leased, int Completed, int Failed, int Cancelled);

/// <summary>Compute spent by all attempts so far. FLOPs are estimated as 6 · parameters · tokens.</summary>
public sealed record SweepCompute(double DeviceSeconds, long Tokens, double EstimatedFlops);
