using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ScalingApi.Corpora.Preparation;

/// <summary>
/// MinHash signatures of word n-gram sets.
/// <list type="bullet">
/// <item>Word hash: FNV-1a 64 over the word's UTF-16 code units, then <see cref="SplitMixHash.Mix"/>.</item>
/// <item>Shingle hash: h = <see cref="SplitMixHash.Golden"/>; for each of the n words h = Mix(h xor word hash). A text
/// with fewer than n words is one shingle of all its words (a text without words is the shingle of no words).</item>
/// <item>Permutation i: π_i(h) = (a_i·h + b_i) mod 2^64, keeping the top 32 bits; a_i (odd) and b_i are outputs 2i and
/// 2i+1 of SplitMix64 seeded with the stage's seed. This is Dietzfelbinger's multiply-add-shift family: one
/// multiply-add per permutation with no 128-bit product (which (a·h + b) mod (2^61−1) needs), vectorised over
/// permutations, and reproducible with numpy's wrapping uint64 arithmetic. Keeping 32 bits of each minimum halves the
/// signature (128 × 4 bytes); two different minima collide with probability 2^-32, far below the estimate's noise.</item>
/// </list>
/// </summary>
internal sealed class MinHasher
{
    private readonly ulong[] _multipliers;
    private readonly ulong[] _offsets;

    public MinHasher(int nGram, int permutations, ulong seed)
    {
        NGram = nGram;
        Permutations = permutations;
        _multipliers = new ulong[permutations];
        _offsets = new ulong[permutations];
        for (var i = 0; i < permutations; i++)
        {
            _multipliers[i] = SplitMixHash.Sequence(seed, 2 * i) | 1;
            _offsets[i] = SplitMixHash.Sequence(seed, 2 * i + 1);
        }
    }

    public int NGram { get; }
    public int Permutations { get; }

    /// <summary>The signature of a text already in normal form (<see cref="TextNormalisation"/>).</summary>
    public uint[] Signature(ReadOnlySpan<char> normalised)
    {
        var words = ArrayPool<ulong>.Shared.Rent(normalised.Length / 2 + 1);
        var minima = ArrayPool<ulong>.Shared.Rent(Permutations);
        try
        {
            var count = WordHashes(normalised, words);
            var span = minima.AsSpan(0, Permutations);
            span.Fill(ulong.MaxValue);
            if (count < NGram) Permute(Shingle(words.AsSpan(0, count)), span);
            else
                for (var start = 0; start + NGram <= count; start++)
                    Permute(Shingle(words.AsSpan(start, NGram)), span);
            var signature = new uint[Permutations];
            for (var i = 0; i < signature.Length; i++) signature[i] = (uint)(span[i] >> 32);
            return signature;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(words);
            ArrayPool<ulong>.Shared.Return(minima);
        }
    }

    private static int WordHashes(ReadOnlySpan<char> text, ulong[] hashes)
    {
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!TextNormalisation.IsWordCharacter(text[i])) { i++; continue; }
            var hash = 14695981039346656037UL;
            for (; i < text.Length && TextNormalisation.IsWordCharacter(text[i]); i++)
                hash = (hash ^ text[i]) * 1099511628211UL;
            hashes[count++] = SplitMixHash.Mix(hash);
        }
        return count;
    }

    private static ulong Shingle(ReadOnlySpan<ulong> words)
    {
        var hash = SplitMixHash.Golden;
        foreach (var word in words) hash = SplitMixHash.Mix(hash ^ word);
        return hash;
    }

    // minima stay full 64-bit inside the loop: the minimum of the top halves is the top half of the minimum
    private void Permute(ulong shingle, Span<ulong> minima)
    {
        var vectorMinima = MemoryMarshal.Cast<ulong, Vector<ulong>>(minima);
        var multipliers = MemoryMarshal.Cast<ulong, Vector<ulong>>(_multipliers);
        var offsets = MemoryMarshal.Cast<ulong, Vector<ulong>>(_offsets);
        var h = new Vector<ulong>(shingle);
        for (var v = 0; v < vectorMinima.Length; v++)
            vectorMinima[v] = Vector.Min(vectorMinima[v], multipliers[v] * h + offsets[v]);
        for (var i = vectorMinima.Length * Vector<ulong>.Count; i < minima.Length; i++)
            minima[i] = Math.Min(minima[i], _multipliers[i] * shingle + _offsets[i]);
    }
}
