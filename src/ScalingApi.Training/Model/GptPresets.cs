namespace ScalingApi.Training.Model;

/// <summary>Named proxy sizes. All use a byte-level vocabulary (256) unless the caller overrides it.</summary>
public static class GptPresets
{
    public static readonly GptConfig Tiny = new(VocabSize: 256, Layers: 2, Heads: 2, DModel: 64, Context: 64);
    public static readonly GptConfig Small = new(VocabSize: 256, Layers: 4, Heads: 4, DModel: 128, Context: 128);
    public static readonly GptConfig Base = new(VocabSize: 256, Layers: 6, Heads: 6, DModel: 384, Context: 256);

    public static IReadOnlyDictionary<string, GptConfig> All { get; } =
        new Dictionary<string, GptConfig>(StringComparer.OrdinalIgnoreCase)
        {
            ["tiny"] = Tiny,
            ["small"] = Small,
            ["base"] = Base,
        };

    public static bool TryGet(string name, out GptConfig config) => All.TryGetValue(name, out config!);

    /// <summary>The preset's config with the vocabulary replaced (e.g. for a BPE tokenizer).</summary>
    public static GptConfig Get(string name, int? vocabSize = null)
    {
        if (!TryGet(name, out var config))
            throw new ArgumentException($"unknown preset '{name}'; known: {string.Join(", ", All.Keys)}", nameof(name));
        return vocabSize is { } v ? config with { VocabSize = v } : config;
    }
}
