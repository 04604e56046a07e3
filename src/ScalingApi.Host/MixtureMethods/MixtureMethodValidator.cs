using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;

namespace ScalingApi.Host.MixtureMethods;

/// <summary>Range checks of the method requests; each field's rule phrased once.</summary>
public static class MixtureMethodValidator
{
    public const double DefaultEta = 1.0;
    public const double DefaultSmoothing = 1e-3;
    public const int DefaultWindowsPerDomain = 64;
    public const double DefaultLambda = 10.0;
    public const double DefaultTauPretrain = 5.0;
    public const double DefaultTauFinetune = 0.2;

    /// <exception cref="DomainException"><see cref="InvalidInputException"/> naming every field out of range.</exception>
    public static DoReMiParameters Validate(DoReMiRequest? request, MixtureMethodOptions options)
    {
        request ??= new DoReMiRequest();
        var errors = new List<FieldError>();
        var (preset, steps) = Training(request.Preset, request.Steps, options, errors);
        if (request.Eta is { } eta && !(double.IsFinite(eta) && eta > 0 && eta <= 100)) errors.Add(new("eta", "must be a finite number in (0, 100]"));
        if (request.Smoothing is { } c && !(c >= 0 && c <= 1)) errors.Add(new("smoothing", "must be in [0, 1]"));
        if (request.Rounds is { } rounds && (rounds < 1 || rounds > options.MaxRounds)) errors.Add(new("rounds", $"must be an integer in [1, {options.MaxRounds}]"));
        if (request.ReferenceMixture is { } reference && string.IsNullOrWhiteSpace(reference)) errors.Add(new("referenceMixture", "must not be blank"));
        if (errors.Count > 0) throw new InvalidInputException(errors);
        return new DoReMiParameters(request.ReferenceMixture ?? "natural", preset, steps, request.Eta ?? DefaultEta, request.Smoothing ?? DefaultSmoothing,
            request.Rounds ?? 1, request.Seed ?? 1, request.Executor, Math.Max(1, steps / 20));
    }

    /// <exception cref="DomainException"><see cref="InvalidInputException"/> naming every field out of range.</exception>
    public static ChameleonParameters Validate(ChameleonRequest? request, MixtureMethodOptions options)
    {
        request ??= new ChameleonRequest();
        var errors = new List<FieldError>();
        var (preset, steps) = Training(request.Preset, request.Steps, options, errors);
        if (request.WindowsPerDomain is { } windows && (windows < 1 || windows > options.MaxWindowsPerDomain))
            errors.Add(new("windowsPerDomain", $"must be an integer in [1, {options.MaxWindowsPerDomain}]"));
        FieldRules.PositiveFinite(request.Lambda, "lambda", errors);
        FieldRules.PositiveFinite(request.TauPretrain, "tauPretrain", errors);
        FieldRules.PositiveFinite(request.TauFinetune, "tauFinetune", errors);
        if (request.Checkpoint is { } checkpoint)
        {
            if (checkpoint.ExperimentId < 1) errors.Add(new("checkpoint.experimentId", "must be an experiment id (≥ 1)"));
            FieldRules.Name(checkpoint.Run, "checkpoint.run", errors);
        }
        if (errors.Count > 0) throw new InvalidInputException(errors);
        return new ChameleonParameters(request.Checkpoint, request.WindowsPerDomain ?? DefaultWindowsPerDomain, request.Lambda ?? DefaultLambda,
            request.TauPretrain ?? DefaultTauPretrain, request.TauFinetune ?? DefaultTauFinetune, request.Seed ?? 1, preset, steps, request.Executor);
    }

    private static (string Preset, int Steps) Training(string? preset, int? steps, MixtureMethodOptions options, List<FieldError> errors)
    {
        if (preset is not null && !ProxyModelShapes.IsPreset(preset))
            errors.Add(new("preset", $"unknown preset '{preset}'; known: {string.Join(", ", ProxyModelShapes.PresetNames)}"));
        if (steps is { } s && (s < 1 || s > SweepValidator.MaxSteps)) errors.Add(new("steps", $"must be an integer in [1, {SweepValidator.MaxSteps}]"));
        return ((preset ?? options.DefaultPreset).ToLowerInvariant(), steps ?? options.DefaultSteps);
    }
}
