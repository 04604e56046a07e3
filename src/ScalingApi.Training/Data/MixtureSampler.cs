namespace ScalingApi.Training.Data;

/// <summary>Everything needed to continue a sampler exactly where it stopped.</summary>
public sealed record MixtureSamplerState(ulong Seed, long BatchesDrawn);

/// <summary>
/// Draws training batches: each sequence picks its domain from the mixture, then a uniformly random window of
/// context+1 tokens of that domain's training stream. Batch b is generated from a generator seeded by
/// (seed, b) alone, so the state is just the batch counter and resuming reproduces the same batches.
/// </summary>
public sealed class MixtureSampler
{
    private readonly DomainTokens[] domains;
    private readonly double[] cumulative;
    private readonly int windowLength;
    private readonly ulong seed;

    public MixtureSampler(IReadOnlyList<DomainTokens> domains, IReadOnlyList<double> mixture, int context, ulong seed)
    {
        if (domains.Count == 0) throw new ArgumentException("at least one domain is required", nameof(domains));
        if (mixture.Count != domains.Count)
            throw new ArgumentException($"has {mixture.Count} weights for {domains.Count} domains", nameof(mixture));
        if (mixture.Any(w => !(w >= 0) || double.IsInfinity(w)))
            throw new ArgumentException("weights must be finite and non-negative", nameof(mixture));
        var total = mixture.Sum();
        if (!(total > 0)) throw new ArgumentException("weights must not all be zero", nameof(mixture));
        windowLength = context + 1;
        for (var i = 0; i < domains.Count; i++)
            if (mixture[i] > 0 && domains[i].Train.Length < windowLength)
                throw new ArgumentException(
                    $"domain '{domains[i].Name}' has {domains[i].Train.Length} training tokens, fewer than context+1 = {windowLength}",
                    nameof(domains));

        this.domains = domains.ToArray();
        this.seed = seed;
        cumulative = new double[mixture.Count];
        var running = 0.0;
        for (var i = 0; i < mixture.Count; i++) cumulative[i] = running += mixture[i] / total;
        cumulative[^1] = 1.0;
    }

    public long BatchesDrawn { get; private set; }

    public MixtureSamplerState State => new(seed, BatchesDrawn);

    public void Restore(MixtureSamplerState state)
    {
        if (state.Seed != seed) throw new ArgumentException("state was saved by a sampler with another seed", nameof(state));
        if (state.BatchesDrawn < 0) throw new ArgumentException("must be non-negative", nameof(state));
        BatchesDrawn = state.BatchesDrawn;
    }

    /// <summary>Fills tokens (batch × (context+1), row-major) and domainOfRow (batch) with the next batch.</summary>
    public void NextBatch(long[] tokens, int[] domainOfRow)
    {
        var batch = domainOfRow.Length;
        if (tokens.Length != batch * windowLength)
            throw new ArgumentException($"must hold {batch}×{windowLength} tokens", nameof(tokens));
        var rng = new SplitMix64(seed ^ (0xD1B54A32D192ED03UL * (ulong)(BatchesDrawn + 1)));
        for (var row = 0; row < batch; row++)
        {
            var domain = PickDomain(rng.NextDouble());
            domainOfRow[row] = domain;
            var stream = domains[domain].Train.Span;
            var start = (int)rng.NextInt64(stream.Length - windowLength + 1);
            var window = stream.Slice(start, windowLength);
            var offset = row * windowLength;
            for (var j = 0; j < windowLength; j++) tokens[offset + j] = window[j];
        }
        BatchesDrawn++;
    }

    private int PickDomain(double u)
    {
        for (var i = 0; i < cumulative.Length; i++)
            if (u < cumulative[i]) return i;
        return cumulative.Length - 1;
    }
}
