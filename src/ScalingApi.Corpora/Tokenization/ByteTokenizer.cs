using System.Text;

namespace ScalingApi.Corpora.Tokenization;

/// <summary>
/// One token per UTF-8 byte (vocabulary 256). The statistics engine recognises it and counts raw bytes
/// directly, never decoding; <see cref="Encode"/> exists for completeness and tests.
/// </summary>
public sealed class ByteTokenizer : ICorpusTokenizer
{
    public const string TokenizerId = "bytes";
    public static ByteTokenizer Instance { get; } = new();

    public string Id => TokenizerId;
    public int VocabularySize => 256;

    public IReadOnlyList<int> Encode(string text) => Array.ConvertAll(Encoding.UTF8.GetBytes(text), b => (int)b);
}
