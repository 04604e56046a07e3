using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;

namespace ScalingApi.Host.MixtureMethods;

/// <summary>A DoReMi request with every default filled in (stored with the job and shown as its provenance).</summary>
public sealed record DoReMiParameters(
    string ReferenceMixture, string Preset, int Steps, double Eta, double Smoothing, int Rounds, int Seed, string? Executor, int TrajectoryEvery);

/// <summary>A Chameleon request with every default filled in.</summary>
public sealed record ChameleonParameters(
    CheckpointSelector? Checkpoint, int WindowsPerDomain, double Lambda, double TauPretrain, double TauFinetune, int Seed,
    string Preset, int Steps, string? Executor);

