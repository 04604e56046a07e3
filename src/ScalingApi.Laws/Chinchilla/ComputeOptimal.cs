using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Catalog;

namespace ScalingApi.Laws.Chinchilla;

/// <summary>The compute-optimal allocation at C FLOPs, with bootstrap intervals.</summary>
public sealed record ComputeOptimalAllocation(PredictedLoss Parameters, PredictedLoss Tokens, MixturePrediction Loss);

/// <summary>
/// Minimises Σ_i w_i L_i(N, D) subject to C = 6 N D. In x = ln N every term is a positive multiple of
/// e^(−αx) or e^(βx), so the objective is convex in x and a golden-section search finds the optimum.
/// For one domain it equals the closed form N* = G (C/6)^(β/(α+β)), G = (αA / βB)^(1/(α+β)).
/// </summary>
public static class ComputeOptimal
{
    public static ComputeOptimalAllocation Allocate(FittedChinchilla fit, double flops, IReadOnlyList<double>? weights = null)
    {
        if (!(flops > 0) || !double.IsFinite(flops))
            throw new ArgumentOutOfRangeException(nameof(flops), flops, "The compute budget must be finite and > 0.");
        var w = BiMixPredictor.NormalizedWeights(weights, fit.Domains.Count);
        var n = OptimalParameters(fit.DomainFits.Select(d => d.Law).ToList(), flops, w);
        var draws = Enumerable.Range(0, fit.BootstrapResamples)
            .Select(k => OptimalParameters(fit.DomainFits.Select(d => d.Bootstrap[k]).ToList(), flops, w)).ToList();
        var tokens = flops / (6 * n);
        var perDomain = fit.DomainFits.Select(d => d.Law.Predict(n, tokens)).ToArray();
        // Each resample's loss is taken at its own optimum, so the interval covers the uncertainty of the allocation too.
        var lossDraws = draws.Select((nk, k) => fit.DomainFits.Select(d => d.Bootstrap[k].Predict(nk, flops / (6 * nk))).ToArray()).ToList();
        return new ComputeOptimalAllocation(
            LawPredictions.WithInterval(n, draws),
            LawPredictions.WithInterval(tokens, draws.Select(nk => flops / (6 * nk))),
            LawPredictions.Combine(perDomain, lossDraws, w));
    }

    private static double OptimalParameters(IReadOnlyList<ChinchillaLawParameters> laws, double flops, double[] w)
    {
        var budget = flops / 6;
        double Loss(double x) => laws.Select((l, i) => w[i] == 0 ? 0 : w[i] * l.Predict(Math.Exp(x), budget / Math.Exp(x))).Sum();
        // N and D at least one each.
        double low = 0, high = Math.Log(budget);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double c = high - ratio * (high - low), d = low + ratio * (high - low);
        double fc = Loss(c), fd = Loss(d);
        for (var k = 0; k < 200 && high - low > 1e-12 * Math.Max(1, Math.Abs(high)); k++)
        {
            if (fc <= fd) { high = d; d = c; fd = fc; c = high - ratio * (high - low); fc = Loss(c); }
            else { low = c; c = d; fc = fd; d = low + ratio * (high - low); fd = Loss(d); }
        }
        return Math.Exp((low + high) / 2);
    }
}
