using ScalingApi.Laws.BiMix;

namespace ScalingApi.Benchmarks;

/// <summary>
/// The synthetic planning problems: per domain B ∈ [2, 12], C ∈ [1, 3], α ∈ [0.02, 0.2], β ∈ [0.2, 0.6];
/// flat-Dirichlet mixtures floored at 0.03 (r = 0.03 + (1 − 0.03 m) · Dirichlet(1)); 20 checkpoints every 10k steps to
/// 200k; losses × exp(0.003 · N(0, 1)) (0.3 % log-normal noise). Deterministic per seed.
/// </summary>
internal sealed class SyntheticTruth
{
    public const double Floor = 0.03;
    public const double Noise = 0.003;
    public static readonly double[] Steps = Enumerable.Range(1, 20).Select(k => k * 10_000.0).ToArray();

    private readonly Random _random;
    public DomainLaw[] Laws { get; }

    public SyntheticTruth(int domains, int seed)
    {
        _random = new Random(seed);
        Laws = Enumerable.Range(0, domains)
            .Select(i => new DomainLaw(1, Uniform(2, 12), Uniform(1, 3), Uniform(0.02, 0.2), Uniform(0.2, 0.6)) { Domain = $"d{i}" })
            .ToArray();
    }

    public double[] Mixture()
    {
        var raw = Laws.Select(_ => -Math.Log(1 - _random.NextDouble())).ToArray();
        var sum = raw.Sum();
        return raw.Select(x => Floor + (1 - Floor * Laws.Length) * x / sum).ToArray();
    }

    /// <summary>Noisy observations of <paramref name="mixtures"/> at every checkpoint (run k = mixture k); the noise comes from
    /// <paramref name="noise"/> when given (common random numbers across compared designs), else from the problem's stream.</summary>
    public BiMixData Observe(IReadOnlyList<double[]> mixtures, Random? noise = null)
    {
        noise ??= _random;
        var observations = new List<LossObservation>();
        for (var k = 0; k < mixtures.Count; k++)
            foreach (var step in Steps)
                for (var i = 0; i < Laws.Length; i++)
                    observations.Add(new LossObservation(k, i, step, Laws[i].Predict(mixtures[k][i], step) * Math.Exp(Noise * Normal(noise))));
        return new BiMixData(Laws.Select(l => l.Domain!).ToList(),
            mixtures.Select((m, k) => new RunMixture($"run{k}", m)).ToList(), observations);
    }

    /// <summary>The true average loss (equal weights) of a mixture at a step.</summary>
    public double AverageLoss(IReadOnlyList<double> mixture, double step) => Laws.Select((l, i) => l.Predict(mixture[i], step)).Average();

    private double Uniform(double lo, double hi) => lo + (hi - lo) * _random.NextDouble();

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
