using ScalingApi.Training.Data;
using ScalingApi.Training.DoReMi;
using ScalingApi.Training.Model;
using ScalingApi.Training.Trainer;

namespace ScalingApi.Training.Checkpoints;

/// <summary>
/// The non-tensor part of a checkpoint (JSON). RunIdentity guards against resuming a different run's files.
/// </summary>
public sealed record CheckpointState(
    int Step,
    RunIdentity Run,
    MixtureSamplerState Sampler,
    double[]? ClippingState,
    IReadOnlyList<EvaluationReport> Evaluations,
    DoReMiState? DoReMi = null);

/// <summary>What must match for a checkpoint to belong to this run.</summary>
public sealed record RunIdentity(GptConfig Model, int BatchSize, ulong Seed, double[] Mixture, string[] Domains)
{
    public bool SameRunAs(RunIdentity other) =>
        Model == other.Model && BatchSize == other.BatchSize && Seed == other.Seed &&
        Mixture.SequenceEqual(other.Mixture) && Domains.SequenceEqual(other.Domains);
}
