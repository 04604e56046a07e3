namespace ScalingApi.Corpora.Statistics;

/// <summary>
/// The per-document embedding behind VNE: feature-hashed token-bigram counts, L2-normalised.
/// Every token t_k contributes one count to dimension hash(t_{k−1}, t_k) mod <see cref="Dimensions"/>,
/// where the first token of a document pairs with a start marker (-1). The vector is then scaled to unit length.
/// Hashing is SplitMix64 of ((prev+1) &lt;&lt; 32 | token) so it is stable across runs and machines.
/// The same definition serves every tokenizer (bytes and GPT-2 token ids).
/// </summary>
public static class DocumentEmbedding
{
    public const int Dimensions = 256;
    public const int StartMarker = -1;

    public static int Dimension(int previous, int token)
    {
        var x = ((ulong)(uint)(previous + 1) << 32) | (uint)token;
        return (int)(Preparation.SplitMixHash.Mix(x + Preparation.SplitMixHash.Golden) % Dimensions);
    }
}
