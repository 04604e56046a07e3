namespace ScalingApi.Contracts.Workers;

/// <summary>The concrete shape of a proxy GPT once a <see cref="ProxyModelSpec"/>'s preset and overrides are applied.</summary>
public sealed record ProxyModelShape(int Layers, int Heads, int ModelWidth, int ContextLength, int BatchSize, int VocabSize)
{
    /// <summary>
    /// Trainable parameters of the decoder-only GPT the trainer builds: token and position
    /// embeddings (the output matrix is tied, so counted once), per block two LayerNorms, the fused
    /// QKV and output projections and a 4× MLP (all with biases), and the final LayerNorm.
    /// </summary>
    public long ParameterCount
    {
        get
        {
            long d = ModelWidth;
            var perBlock = 12 * d * d + 13 * d;
            return (long)VocabSize * d + (long)ContextLength * d + Layers * perBlock + 2 * d;
        }
    }

    /// <summary>Tokens consumed by one optimizer step.</summary>
    public long TokensPerStep => (long)BatchSize * ContextLength;

    /// <summary>Training FLOPs ≈ 6 · parameters · tokens (forward + backward).</summary>
    public double TrainingFlops(long tokens) => 6.0 * ParameterCount * tokens;
}

/// <summary>
/// The named proxy sizes. The one table of them: the trainer builds its GptPresets from it and the
/// service validates sweeps and counts their compute with it, without loading TorchSharp.
/// </summary>
public static class ProxyModelShapes
{
    public const int DefaultBatchSize = 16;

    private static readonly IReadOnlyDictionary<string, (int Layers, int Heads, int Width, int Context)> Presets =
        new Dictionary<string, (int, int, int, int)>(StringComparer.OrdinalIgnoreCase)
        {
            ["tiny"] = (2, 2, 64, 64),
            ["small"] = (4, 4, 128, 128),
            ["base"] = (6, 6, 384, 256),
        };

    public static IReadOnlyCollection<string> PresetNames => Presets.Keys.ToArray();

    public static bool IsPreset(string? name) => name is not null && Presets.ContainsKey(name);

    /// <summary>The preset's shape with the default batch size.</summary>
    /// <exception cref="ArgumentException">Unknown preset.</exception>
    public static ProxyModelShape Preset(string name, int vocabSize) => Resolve(new ProxyModelSpec(name), vocabSize);

    /// <exception cref="ArgumentException">Unknown preset.</exception>
    public static ProxyModelShape Resolve(ProxyModelSpec spec, int vocabSize)
    {
        if (!Presets.TryGetValue(spec.Preset, out var p))
            throw new ArgumentException($"unknown preset '{spec.Preset}'; known: {string.Join(", ", Presets.Keys)}", nameof(spec));
        return new ProxyModelShape(spec.Layers ?? p.Layers, spec.Heads ?? p.Heads, spec.ModelWidth ?? p.Width,
            spec.ContextLength ?? p.Context, spec.BatchSize ?? DefaultBatchSize, vocabSize);
    }
}
