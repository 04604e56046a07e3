namespace ScalingApi.Laws.Sampling;

/// <summary>
/// Gamma(shape, 1) draws from a caller-seeded Random, for Dirichlet draws (mixture designs, synthetic corpora).
/// Marsaglia–Tsang; shapes below 1 use the boost Gamma(a+1)·U^(1/a).
/// </summary>
public static class GammaSampler
{
    public static double Sample(Random random, double shape)
    {
        if (shape < 1)
        {
            var u = 1.0 - random.NextDouble(); // (0, 1]: the boost never turns a draw into exactly 0
            return Sample(random, shape + 1) * Math.Pow(u, 1 / shape);
        }
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = StandardNormal(random);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            var accept = 1.0 - random.NextDouble();
            if (Math.Log(accept) < 0.5 * x * x + d - d * v + d * Math.Log(v)) return d * v;
        }
    }

    private static double StandardNormal(Random random)
    {
        // Box–Muller; u1 in (0, 1] keeps the logarithm finite.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
