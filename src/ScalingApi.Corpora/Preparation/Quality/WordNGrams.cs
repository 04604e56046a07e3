namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>Keys of a document's word n-grams, for the repetition filters: a 64-bit mix of the word ids, so equal
/// n-grams have equal keys (a collision between different n-grams is about one in 10^19 per pair).</summary>
internal static class WordNGrams
{
    public static ulong Key(IReadOnlyList<int> words, int start, int n)
    {
        var key = 0x9E3779B97F4A7C15UL * (ulong)n;
        for (var i = start; i < start + n; i++) key = Mix(key ^ (uint)words[i]);
        return key;
    }

    public static int Characters(IReadOnlyList<int> lengths, int start, int n)
    {
        var characters = 0;
        for (var i = start; i < start + n; i++) characters += lengths[i];
        return characters;
    }

    // SplitMix64's finaliser: every input bit changes about half the output bits
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
