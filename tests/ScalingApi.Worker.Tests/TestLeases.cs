using ScalingApi.Contracts.Workers;

namespace ScalingApi.Worker.Tests;

/// <summary>Leases for a tiny, fast model (tests train for real, so they keep it small).</summary>
public static class TestLeases
{
    public static readonly ProxyModelSpec TinyModel = new("tiny", Layers: 1, Heads: 2, ModelWidth: 32, ContextLength: 16, BatchSize: 4);

    public static Lease Create(
        long sweepId = 1, long runId = 1, int attempt = 1, IReadOnlyList<LeaseDomain>? domains = null,
        int steps = 12, IReadOnlyList<int>? checkpoints = null, string tokenizer = "bytes", int heartbeatSeconds = 3,
        ProxyModelSpec? model = null, string runName = "run-a") =>
        new(Guid.NewGuid(), sweepId, ExperimentId: 11, runId, runName, TaskIndex: 0, attempt, tokenizer,
            domains ?? [new LeaseDomain("a", 0.5, []), new LeaseDomain("b", 0.5, [])],
            model ?? TinyModel, steps, checkpoints ?? [4, 8, 12], Seed: 3, heartbeatSeconds, DateTimeOffset.UtcNow.AddSeconds(heartbeatSeconds));
}
