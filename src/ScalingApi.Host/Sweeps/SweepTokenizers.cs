namespace ScalingApi.Host.Sweeps;

/// <summary>Tokenizers a sweep may train with and their vocabulary sizes (which set the model's embedding size).</summary>
public static class SweepTokenizers
{
    public const string Default = "bytes";

    private static readonly IReadOnlyDictionary<string, int> VocabSizes = new Dictionary<string, int>
    {
        ["bytes"] = 256,
        ["gpt2"] = 50257,
    };

    public static IReadOnlyCollection<string> Names => VocabSizes.Keys.ToArray();

    public static bool TryGetVocabSize(string name, out int vocabSize) => VocabSizes.TryGetValue(name, out vocabSize);
}
