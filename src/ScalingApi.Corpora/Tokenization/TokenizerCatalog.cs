namespace ScalingApi.Corpora.Tokenization;

/// <summary>Looks tokenizers up by their identity string (what API requests and cache keys carry).</summary>
public static class TokenizerCatalog
{
    public static IReadOnlyList<string> KnownIds { get; } = [ByteTokenizer.TokenizerId, Gpt2Tokenizer.TokenizerId];

    public static bool TryGet(string? id, out ICorpusTokenizer tokenizer)
    {
        tokenizer = id switch
        {
            ByteTokenizer.TokenizerId => ByteTokenizer.Instance,
            Gpt2Tokenizer.TokenizerId => Gpt2Tokenizer.Instance,
            _ => null!,
        };
        return tokenizer is not null;
    }

    /// <exception cref="ArgumentException">Unknown id; the message lists the known ones.</exception>
    public static ICorpusTokenizer Get(string id) => TryGet(id, out var t) ? t
        : throw new ArgumentException($"Unknown tokenizer '{id}'; known: {string.Join(", ", KnownIds)}.", nameof(id));
}
