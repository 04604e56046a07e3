using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;

namespace ScalingApi.Host.MixtureMethods;

/// <summary>The stages of the two methods and the one-run sweeps that train them.</summary>
public static class MixtureMethodStages
{
    /// <summary>DoReMi: the reference proxy on the reference mixture, then the Group-DRO proxy against it (per round).</summary>
    public const string Reference = "reference";
    public const string Proxy = "proxy";
    /// <summary>Chameleon: a proxy on the uniform mixture when none exists, then the embedding pass.</summary>
    public const string UniformProxy = "uniform-proxy";
    public const string Embedding = "embedding";

    /// <summary>Event types a job appends to its current sweep's log (next to the sweep's own events).</summary>
    public const string StageStartedEvent = "method-stage";
    public const string WeightsEvent = "doremi-weights";
    public const string FinishedEvent = "method-finished";

    /// <summary>A sweep of one run named <c>{sweepName}-{stage}</c> on one mixture.</summary>
    public static CreateSweepRequest OneRun(string sweepName, string stage, IReadOnlyDictionary<string, double> mixture, ProxyModelSpec model,
        int steps, int seed, string? executor) => new(
        [new SweepMixtureSpec(Name: stage, Mixture: mixture)], model, steps,
        new CheckpointSpec(Count: Math.Min(4, steps), Spacing: "linear"), Name: sweepName, Seed: seed, Executor: executor);

    public static Dictionary<string, double> Uniform(IEnumerable<string> domains)
    {
        var names = domains.ToList();
        return names.ToDictionary(d => d, _ => 1.0 / names.Count);
    }
}
