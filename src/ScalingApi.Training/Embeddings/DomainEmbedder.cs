using ScalingApi.Training.Checkpoints;
using ScalingApi.Training.Data;
using ScalingApi.Training.Model;
using ScalingApi.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace ScalingApi.Training.Embeddings;

/// <summary>One vector per domain and how it was made.</summary>
/// <param name="Layer">0-based index of the block whose output was pooled.</param>
public sealed record DomainEmbeddingResult(IReadOnlyDictionary<string, double[]> Vectors, int Layer, int WindowsPerDomain, long TokensEmbedded);

/// <summary>
/// Chameleon's domain embeddings (docs/science.md §4): a trained proxy reads randomly sampled training windows of each
/// domain; the residual stream after the middle block is mean-pooled over each window's tokens and averaged over the
/// domain's windows.
/// </summary>
public static class DomainEmbedder
{
    private const int BatchSize = 32;

    /// <summary>Blocks run before pooling: the middle of the stack (at least one).</summary>
    public static int MiddleBlocks(int layers) => Math.Max(1, (layers + 1) / 2);

    /// <param name="checkpoint">A checkpoint directory (<c>step-…</c>) of any run; its model shape is read from it.</param>
    public static DomainEmbeddingResult Embed(string checkpoint, IReadOnlyList<DomainTokens> domains, int windowsPerDomain, ulong seed,
        DevicePreference devicePreference = DevicePreference.Auto, CancellationToken cancellationToken = default)
    {
        if (windowsPerDomain < 1) throw new ArgumentException("must be at least 1", nameof(windowsPerDomain));
        var config = CheckpointStore.ReadState(checkpoint).Run.Model;
        ProxyTrainer.RequireTokensInVocabulary(domains, config.VocabSize);
        var device = ProxyTrainer.SelectDevice(devicePreference);
        using var model = new GptModel(config);
        CheckpointStore.LoadModel(checkpoint, model);
        model.to(device);
        model.eval();
        var blocks = MiddleBlocks(config.Layers);
        var length = config.Context;
        var vectors = new Dictionary<string, double[]>();
        using var noGrad = no_grad();
        for (var d = 0; d < domains.Count; d++)
        {
            var stream = domains[d].Train;
            if (stream.Length < length)
                throw new ArgumentException($"domain '{domains[d].Name}' has {stream.Length} training tokens, fewer than the context {length}", nameof(domains));
            var rng = new SplitMix64(seed ^ (0x9E3779B97F4A7C15UL * (ulong)(d + 1)));
            var tokens = new long[windowsPerDomain * length];
            for (var w = 0; w < windowsPerDomain; w++)
            {
                var window = stream.Span.Slice((int)rng.NextInt64(stream.Length - length + 1), length);
                for (var j = 0; j < length; j++) tokens[w * length + j] = window[j];
            }
            var sum = new double[config.DModel];
            for (var first = 0; first < windowsPerDomain; first += BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var rows = Math.Min(BatchSize, windowsPerDomain - first);
                var batch = tensor(tokens.AsSpan(first * length, rows * length).ToArray(), [rows, length]).to(device);
                var pooled = model.HiddenState(batch, blocks).mean([1]).sum([0]).to(ScalarType.Float64).cpu();
                var values = pooled.data<double>().ToArray();
                for (var i = 0; i < sum.Length; i++) sum[i] += values[i];
            }
            vectors[domains[d].Name] = sum.Select(v => v / windowsPerDomain).ToArray();
        }
        return new DomainEmbeddingResult(vectors, blocks - 1, windowsPerDomain, (long)windowsPerDomain * length * domains.Count);
    }
}
