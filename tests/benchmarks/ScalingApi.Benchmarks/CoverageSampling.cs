using System.Globalization;
using ScalingApi.Laws.BiMix;

namespace ScalingApi.Benchmarks;

/// <summary>
/// `coverage-sampling`: is the bootstrap's spread the estimator's real spread? For the coverage benchmark's first problems
/// (same seeds), refits the point law on N fresh noise draws of the same design (cold starts from the grid, no bootstrap)
/// and compares, per domain, the variance of the unseen mixture's predicted log loss across those refits (the true
/// sampling variance) with the variance across the fit's 200 bootstrap laws (warm-started refits), at the last observed
/// step and at 4×, split by whether the unseen share lies inside the runs' proportions; also the estimator's bias in
/// sampling sd. Prints a summary (diagnosis behind tests/benchmarks/results/coverage.md).
/// Options: --domains 3, --runs 4, --problems 30, --draws 200.
/// </summary>
internal static class CoverageSampling
{
    public static Task<int> RunAsync(string[] args)
    {
        int Option(string name, string fallback) => int.Parse(BenchmarkArgs.Value(args, name, fallback), CultureInfo.InvariantCulture);
        int domains = Option("--domains", "3"), runs = Option("--runs", "4"), problems = Option("--problems", "30"), draws = Option("--draws", "200");
        var last = SyntheticTruth.Steps[^1];
        var ratios = new Dictionary<string, List<double>>();
        var biases = new Dictionary<string, List<double>>();
        void Add(Dictionary<string, List<double>> to, string key, double value) { if (!to.TryGetValue(key, out var list)) to[key] = list = []; list.Add(value); }
        for (var p = 0; p < problems; p++)
        {
            var truth = new SyntheticTruth(domains, seed: 10_000 * domains + 100 * runs + p);
            var mixtures = Enumerable.Range(0, runs).Select(_ => truth.Mixture()).ToList();
            var unseen = truth.Mixture();
            var fit = BiMixFitter.Fit(truth.Observe(mixtures), new BiMixFitOptions { BootstrapResamples = 200, Seed = p });
            var sampled = Enumerable.Range(0, draws)
                .Select(k => BiMixFitter.Fit(truth.Observe(mixtures, new Random(1000 + k)), new BiMixFitOptions { BootstrapResamples = 0 }))
                .ToList();
            for (var i = 0; i < domains; i++)
            {
                var observed = mixtures.Select(r => r[i]).ToList();
                var where = unseen[i] >= observed.Min() && unseen[i] <= observed.Max() ? "inside" : "outside";
                foreach (var (step, horizon) in new[] { (last, "last step"), (4 * last, "4× steps") })
                {
                    double Log(DomainLaw law) => Math.Log(law.Predict(unseen[i], step));
                    var sampling = sampled.Select(f => Log(f.DomainFits[i].Law)).ToList();
                    var samplingVariance = Variance(sampling);
                    Add(ratios, $"{horizon}, {where}", samplingVariance / Variance(fit.BootstrapLaws.Select(l => Log(l[i])).ToList()));
                    Add(biases, $"{horizon}, {where}", (sampling.Average() - Math.Log(truth.Laws[i].Predict(unseen[i], step))) / Math.Sqrt(samplingVariance));
                }
            }
        }
        Console.WriteLine($"{domains} domains × {runs} runs, {problems} problems, {draws} noise draws each: sampling variance / bootstrap variance of the predicted log loss");
        foreach (var (key, values) in ratios.OrderBy(kv => kv.Key))
        {
            var sorted = values.Order().ToList();
            var bias = biases[key];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {key}: mean {values.Average():F2}, median {sorted[sorted.Count / 2]:F2}, 10–90 % {sorted[sorted.Count / 10]:F2}–{sorted[sorted.Count * 9 / 10]:F2} (n = {values.Count}); " +
                $"bias / sampling sd mean {bias.Average():F2}, rms {Math.Sqrt(bias.Average(b => b * b)):F2}"));
        }
        return Task.FromResult(0);
    }

    private static double Variance(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
    }
}
