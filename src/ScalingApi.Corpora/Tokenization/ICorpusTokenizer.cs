namespace ScalingApi.Corpora.Tokenization;

/// <summary>A tokenizer whose <see cref="Id"/> is part of every statistic's identity (cache key, result record).</summary>
public interface ICorpusTokenizer
{
    /// <summary>Stable identity string, e.g. "bytes" or "gpt2".</summary>
    string Id { get; }

    /// <summary>Token ids lie in [0, VocabularySize).</summary>
    int VocabularySize { get; }

    IReadOnlyList<int> Encode(string text);
}
