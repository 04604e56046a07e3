using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Sweeps;
using ScalingApi.Host.Sweeps.Executors;
using ScalingApi.Host.Validation;

namespace ScalingApi.Host.MixtureMethods;

/// <summary><c>POST /api/experiments/{id}/mixture-methods/doremi</c>: the proxy's training and DoReMi's own parameters, within MixtureMethods: limits.</summary>
public sealed class DoReMiRules(IOptions<MixtureMethodOptions> options, MixtureMethodTraining training) : IRequestValidator<DoReMiRequest>
{
    public List<FieldError> Validate(DoReMiRequest request)
    {
        var errors = new List<FieldError>();
        training.Validate(request.Preset, request.Steps, request.Executor, errors);
        if (request.Eta is { } eta && !(double.IsFinite(eta) && eta > 0 && eta <= 100)) errors.Add(new("eta", "must be a finite number in (0, 100]"));
        if (request.Smoothing is { } c && !(c >= 0 && c <= 1)) errors.Add(new("smoothing", "must be in [0, 1]"));
        var maxRounds = options.Value.MaxRounds;
        if (request.Rounds is { } rounds && (rounds < 1 || rounds > maxRounds)) errors.Add(new("rounds", $"must be an integer in [1, {maxRounds}]"));
        if (request.ReferenceMixture is { } reference && string.IsNullOrWhiteSpace(reference)) errors.Add(new("referenceMixture", "must not be blank"));
        return errors;
    }
}

/// <summary><c>POST /api/experiments/{id}/mixture-methods/chameleon</c>: the proxy's training, Chameleon's parameters and the checkpoint's shape;
/// whether the checkpoint exists and fits is checked by the service.</summary>
public sealed class ChameleonRules(IOptions<MixtureMethodOptions> options, MixtureMethodTraining training) : IRequestValidator<ChameleonRequest>
{
    public List<FieldError> Validate(ChameleonRequest request)
    {
        var errors = new List<FieldError>();
        training.Validate(request.Preset, request.Steps, request.Executor, errors);
        var maxWindows = options.Value.MaxWindowsPerDomain;
        if (request.WindowsPerDomain is { } windows && (windows < 1 || windows > maxWindows))
            errors.Add(new("windowsPerDomain", $"must be an integer in [1, {maxWindows}]"));
        FieldRules.PositiveFinite(request.Lambda, "lambda", errors);
        FieldRules.PositiveFinite(request.TauPretrain, "tauPretrain", errors);
        FieldRules.PositiveFinite(request.TauFinetune, "tauFinetune", errors);
        if (request.Checkpoint is { } checkpoint)
        {
            if (checkpoint.ExperimentId < 1) errors.Add(new("checkpoint.experimentId", "must be an experiment id (≥ 1)"));
            FieldRules.Name(checkpoint.Run, "checkpoint.run", errors);
        }
        return errors;
    }
}

/// <summary>The proxy training both methods share: a known preset, steps within a sweep's, an executor the host has.</summary>
public sealed class MixtureMethodTraining(SweepExecutors executors, IOptions<SweepOptions> sweeps)
{
    public void Validate(string? preset, int? steps, string? executor, List<FieldError> errors)
    {
        SweepValidator.Executor(executor, executors.Names, sweeps.Value.DefaultExecutor, errors);
        if (preset is not null && !ProxyModelShapes.IsPreset(preset))
            errors.Add(new("preset", $"unknown preset '{preset}'; known: {string.Join(", ", ProxyModelShapes.PresetNames)}"));
        if (steps is { } s && (s < 1 || s > SweepValidator.MaxSteps)) errors.Add(new("steps", $"must be an integer in [1, {SweepValidator.MaxSteps}]"));
    }
}
