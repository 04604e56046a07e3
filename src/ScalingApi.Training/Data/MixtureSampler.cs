namespace ScalingApi.Training.Data;

/// <summary>Everything needed to continue a sampler exactly where it stopped.</summary>
public sealed record MixtureSamplerState(ulong Seed, long BatchesDrawn);

/// <summary>
/// Draws training batches: each sequence picks its domain from the mixture, then a uniformly random window of
/// context+1 tokens of that domain's training stream. Two separate streams, so that runs with the same seed
/// and different mixtures are paired: the domain choices of batch b come from a generator seeded by (seed, b),
/// and the n-th window drawn from domain d from one seeded by (seed, d, n) — the mixture decides how many
/// windows of a domain are drawn, never which ones or in what order. The state is just the batch counter:
/// the per-domain counts are replayed from the domain choices on restore, so resuming reproduces the same batches.
/// </summary>
public sealed class MixtureSampler
{
    private readonly DomainTokens[] _domains;
    private readonly double[] _cumulative;
    private readonly int _windowLength;
    private readonly ulong _seed;
    private readonly long[] _windowsDrawn;
    // Batches whose domain choices windowsDrawn counts; behind BatchesDrawn only after Restore, until the next batch.
    private long _batchesCounted;

    public MixtureSampler(IReadOnlyList<DomainTokens> domains, IReadOnlyList<double> mixture, int context, ulong seed)
    {
        if (domains.Count == 0) throw new ArgumentException("at least one domain is required", nameof(domains));
        if (mixture.Count != domains.Count)
            throw new ArgumentException($"has {mixture.Count} weights for {domains.Count} domains", nameof(mixture));
        if (mixture.Any(w => !(w >= 0) || double.IsInfinity(w)))
            throw new ArgumentException("weights must be finite and non-negative", nameof(mixture));
        var total = mixture.Sum();
        if (!(total > 0)) throw new ArgumentException("weights must not all be zero", nameof(mixture));
        _windowLength = context + 1;
        for (var i = 0; i < domains.Count; i++)
            if (mixture[i] > 0 && domains[i].Train.Length < _windowLength)
                throw new ArgumentException(
                    $"domain '{domains[i].Name}' has {domains[i].Train.Length} training tokens, fewer than context+1 = {_windowLength}",
                    nameof(domains));

        this._domains = domains.ToArray();
        this._seed = seed;
        _windowsDrawn = new long[domains.Count];
        _cumulative = new double[mixture.Count];
        var running = 0.0;
        for (var i = 0; i < mixture.Count; i++) _cumulative[i] = running += mixture[i] / total;
        _cumulative[^1] = 1.0;
    }

    public long BatchesDrawn { get; private set; }

    public MixtureSamplerState State => new(_seed, BatchesDrawn);

    public void Restore(MixtureSamplerState state)
    {
        if (state.Seed != _seed) throw new ArgumentException("state was saved by a sampler with another seed", nameof(state));
        if (state.BatchesDrawn < 0) throw new ArgumentException("must be non-negative", nameof(state));
        BatchesDrawn = state.BatchesDrawn;
        _batchesCounted = 0;
        Array.Clear(_windowsDrawn);
    }

    /// <summary>Fills tokens (batch × (context+1), row-major) and domainOfRow (batch) with the next batch.</summary>
    public void NextBatch(long[] tokens, int[] domainOfRow)
    {
        var batch = domainOfRow.Length;
        if (tokens.Length != batch * _windowLength)
            throw new ArgumentException($"must hold {batch}×{_windowLength} tokens", nameof(tokens));
        // The batch size is only known here, so a restored sampler recounts its domains' windows now.
        for (; _batchesCounted < BatchesDrawn; _batchesCounted++)
        {
            var replay = DomainChoices(_batchesCounted);
            for (var row = 0; row < batch; row++) _windowsDrawn[PickDomain(replay.NextDouble())]++;
        }
        var choices = DomainChoices(BatchesDrawn);
        for (var row = 0; row < batch; row++)
        {
            var domain = PickDomain(choices.NextDouble());
            domainOfRow[row] = domain;
            var stream = _domains[domain].Train.Span;
            var position = new SplitMix64(_seed ^ (0x9E6C63D0676A9A99UL * (ulong)(domain + 1)) ^ (0xA0761D6478BD642FUL * (ulong)(_windowsDrawn[domain] + 1)));
            _windowsDrawn[domain]++;
            var start = (int)position.NextInt64(stream.Length - _windowLength + 1);
            var window = stream.Slice(start, _windowLength);
            var offset = row * _windowLength;
            for (var j = 0; j < _windowLength; j++) tokens[offset + j] = window[j];
        }
        BatchesDrawn++;
        _batchesCounted = BatchesDrawn;
    }

    private SplitMix64 DomainChoices(long batch) => new(_seed ^ (0xD1B54A32D192ED03UL * (ulong)(batch + 1)));

    private int PickDomain(double u)
    {
        for (var i = 0; i < _cumulative.Length; i++)
            if (u < _cumulative[i]) return i;
        return _cumulative.Length - 1;
    }
}
