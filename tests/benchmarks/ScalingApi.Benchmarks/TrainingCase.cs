using ScalingApi.Training.Data;
using ScalingApi.Training.Model;

namespace ScalingApi.Benchmarks;

/// <summary>One preset's training-throughput case, shared by the `training` and `training-phases` commands and the PyTorch peer.</summary>
internal sealed record TrainingCase(string Preset, GptConfig Model, int Batch, int Warmup, int Steps)
{
    public static readonly TrainingCase[] All =
    [
        new("tiny", GptPresets.Tiny, Batch: 16, Warmup: 10, Steps: 60),
        new("small", GptPresets.Small, Batch: 16, Warmup: 4, Steps: 16),
    ];

    public static readonly double[] Mixture = [0.5, 0.3, 0.2];

    // Three streams of uniform random tokens, like the peer's: throughput does not depend on content.
    public static IReadOnlyList<DomainTokens> SyntheticDomains()
    {
        var random = new Random(1);
        int[] Stream(int n) => Enumerable.Range(0, n).Select(_ => random.Next(256)).ToArray();
        return Enumerable.Range(0, 3).Select(i => new DomainTokens($"d{i}", Stream(200_000), Stream(2_000))).ToArray();
    }
}
