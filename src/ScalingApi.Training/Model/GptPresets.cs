using ScalingApi.Contracts.Workers;

namespace ScalingApi.Training.Model;

/// <summary>
/// Named proxy sizes, taken from the service's table (<see cref="ProxyModelShapes"/>) so the trainer and
/// the service cannot disagree. All use a byte-level vocabulary (256) unless the caller overrides it.
/// </summary>
public static class GptPresets
{
    private const int ByteVocabulary = 256;

    public static readonly GptConfig Tiny = Preset("tiny");
    public static readonly GptConfig Small = Preset("small");
    public static readonly GptConfig Base = Preset("base");

    public static IReadOnlyDictionary<string, GptConfig> All { get; } =
        ProxyModelShapes.PresetNames.ToDictionary(name => name, Preset, StringComparer.OrdinalIgnoreCase);

    public static bool TryGet(string name, out GptConfig config) => All.TryGetValue(name, out config!);

    /// <summary>The preset's config with the vocabulary replaced (e.g. for a BPE tokenizer).</summary>
    public static GptConfig Get(string name, int? vocabSize = null)
    {
        if (!TryGet(name, out var config))
            throw new ArgumentException($"unknown preset '{name}'; known: {string.Join(", ", All.Keys)}", nameof(name));
        return vocabSize is { } v ? config with { VocabSize = v } : config;
    }

    private static GptConfig Preset(string name) => GptConfig.From(ProxyModelShapes.Preset(name, ByteVocabulary));
}
