namespace ScalingApi.Laws.BiMix;

/// <summary>
/// Synthetic BiMix sweeps from known coefficients, for tests, benchmarks and demos: the losses the
/// law predicts at each run's mixture and checkpoint, times (1 + σ·N(0,1)) multiplicative noise.
/// Deterministic for a given seed.
/// </summary>
public static class BiMixSimulator
{
    public static BiMixData Generate(IReadOnlyList<DomainLaw> truth, IReadOnlyList<IReadOnlyList<double>> mixtures,
        IReadOnlyList<double> steps, double relativeNoise, int seed)
    {
        var random = new Random(seed);
        var domains = truth.Select((law, i) => law.Domain ?? $"domain{i}").ToList();
        var runs = mixtures.Select((mix, k) => new RunMixture($"run{k}", mix.ToArray())).ToList();
        var observations = new List<LossObservation>();
        for (var k = 0; k < runs.Count; k++)
            foreach (var step in steps)
                for (var i = 0; i < truth.Count; i++)
                {
                    var loss = truth[i].Predict(mixtures[k][i], step) * (1 + relativeNoise * StandardNormal(random));
                    observations.Add(new LossObservation(k, i, step, loss));
                }
        return new BiMixData(domains, runs, observations);
    }

    /// <summary>Plausible per-domain laws: B in [2, 12], C in [1, 3], α in [0.05, 0.3], β in [0.2, 0.6].</summary>
    public static DomainLaw[] RandomLaws(int domains, int seed)
    {
        var random = new Random(seed);
        double Uniform(double lo, double hi) => lo + (hi - lo) * random.NextDouble();
        return Enumerable.Range(0, domains)
            .Select(i => new DomainLaw(1, Uniform(2, 12), Uniform(1, 3), Uniform(0.05, 0.3), Uniform(0.2, 0.6)) { Domain = $"domain{i}" })
            .ToArray();
    }

    /// <summary>Random mixtures on the simplex (flat Dirichlet), each share at least <paramref name="floor"/> before renormalising.</summary>
    public static double[][] RandomMixtures(int domains, int count, int seed, double floor = 0.01)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var raw = Enumerable.Range(0, domains).Select(_ => -Math.Log(1 - random.NextDouble()) + floor * domains).ToArray();
            var sum = raw.Sum();
            return raw.Select(x => x / sum).ToArray();
        }).ToArray();
    }

    /// <summary><paramref name="count"/> checkpoints spaced geometrically from first to last.</summary>
    public static double[] GeometricSteps(double first, double last, int count) =>
        Enumerable.Range(0, count).Select(k => Math.Round(first * Math.Pow(last / first, k / (double)(count - 1)))).ToArray();

    internal static double StandardNormal(Random random)
    {
        // Box–Muller; 1 − U avoids log(0).
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
