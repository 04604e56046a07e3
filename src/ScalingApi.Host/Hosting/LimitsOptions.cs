namespace ScalingApi.Host.Hosting;

/// <summary>Bound from the <c>Limits</c> configuration section: protects the service from oversized work.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Largest accepted request body. 64 MiB holds ~1M observations as CSV.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024;

    public int MaxObservationsPerRequest { get; set; } = 1_000_000;

    public int MaxPredictionPoints { get; set; } = 10_000;

    /// <summary>Upper bound on bootstrap resamples per fit (issue 2: at most 2000).</summary>
    public int MaxBootstrap { get; set; } = 2000;

    public int DefaultBootstrap { get; set; } = 200;
}
