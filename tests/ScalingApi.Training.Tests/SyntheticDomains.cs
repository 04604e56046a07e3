using ScalingApi.Training.Data;

namespace ScalingApi.Training.Tests;

/// <summary>Small byte-level domains: two with learnable periodic structure, one of uniform noise.</summary>
internal static class SyntheticDomains
{
    public static DomainTokens Periodic(string name, string pattern, int length) =>
        new(name, Repeat(pattern, length), Repeat(pattern, length / 4, offset: 3));

    public static DomainTokens Noise(string name, int length, int seed)
    {
        var random = new Random(seed);
        int[] Draw(int n) => Enumerable.Range(0, n).Select(_ => random.Next(256)).ToArray();
        return new DomainTokens(name, Draw(length), Draw(length / 4));
    }

    public static IReadOnlyList<DomainTokens> Three(int length = 8_000) =>
    [
        Periodic("alpha", "the quick brown fox jumps over the lazy dog. ", length),
        Periodic("digits", "0123456789", length),
        Noise("noise", length, seed: 7),
    ];

    private static int[] Repeat(string pattern, int length, int offset = 0) =>
        Enumerable.Range(0, length).Select(i => (int)pattern[(i + offset) % pattern.Length]).ToArray();
}
