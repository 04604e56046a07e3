namespace ScalingApi.Host.MixtureMethods;

/// <summary>Bound from the <c>MixtureMethods</c> configuration section.</summary>
public sealed class MixtureMethodOptions
{
    public const string Section = "MixtureMethods";

    /// <summary>How often the coordinator looks at running jobs to start their next stage.</summary>
    public double PollSeconds { get; set; } = 1;

    /// <summary>Proxy size and training steps when a request names none.</summary>
    public string DefaultPreset { get; set; } = "tiny";
    public int DefaultSteps { get; set; } = 200;

    public int MaxRounds { get; set; } = 10;
    public int MaxWindowsPerDomain { get; set; } = 4096;
}
