using ScalingApi.Contracts;

namespace ScalingApi.Host.MixtureMethods;

/// <summary>A method request with its defaults filled in; its rules have run before (<see cref="DoReMiRules"/>, <see cref="ChameleonRules"/>).</summary>
public static class MixtureMethodDefaults
{
    public const double Eta = 1.0;
    public const double Smoothing = 1e-3;
    public const int WindowsPerDomain = 64;
    public const double Lambda = 10.0;
    public const double TauPretrain = 5.0;
    public const double TauFinetune = 0.2;

    public static DoReMiParameters Apply(DoReMiRequest? request, MixtureMethodOptions options)
    {
        request ??= new DoReMiRequest();
        var (preset, steps) = Training(request.Preset, request.Steps, options);
        return new DoReMiParameters(request.ReferenceMixture ?? "natural", preset, steps, request.Eta ?? Eta, request.Smoothing ?? Smoothing,
            request.Rounds ?? 1, request.Seed ?? 1, request.Executor, Math.Max(1, steps / 20));
    }

    public static ChameleonParameters Apply(ChameleonRequest? request, MixtureMethodOptions options)
    {
        request ??= new ChameleonRequest();
        var (preset, steps) = Training(request.Preset, request.Steps, options);
        return new ChameleonParameters(request.Checkpoint, request.WindowsPerDomain ?? WindowsPerDomain, request.Lambda ?? Lambda,
            request.TauPretrain ?? TauPretrain, request.TauFinetune ?? TauFinetune, request.Seed ?? 1, preset, steps, request.Executor);
    }

    private static (string Preset, int Steps) Training(string? preset, int? steps, MixtureMethodOptions options) =>
        ((preset ?? options.DefaultPreset).ToLowerInvariant(), steps ?? options.DefaultSteps);
}
