using System.Runtime.CompilerServices;

namespace ScalingApi.Corpora.Preparation;

/// <summary>
/// The SplitMix64 finaliser (a bijection on 64 bits with full avalanche) and the generator built on it. Cheap,
/// defined bit for bit, and easy to reproduce in another language, so the Python reference of the deduplication
/// benchmark computes exactly the same word, shingle and band hashes.
/// </summary>
internal static class SplitMixHash
{
    public const ulong Golden = 0x9E3779B97F4A7C15UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The <paramref name="index"/>-th output (0-based) of SplitMix64 seeded with <paramref name="seed"/>.</summary>
    public static ulong Sequence(ulong seed, int index) => Mix(seed + Golden * (ulong)(index + 1));
}
