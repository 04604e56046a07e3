using System.Globalization;
using System.Text;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Mixtures;

namespace ScalingApi.Benchmarks;

/// <summary>
/// `next-runs`: on <see cref="SyntheticTruth"/> problems (3 domains, 4 runs), fit, then add 2 runs chosen four ways and
/// refit: the advisor's default picks (stepping beyond an observed edge the optimum is clamped at), the same advisor kept
/// inside the trust region (the previous design, reach 1), the advisor with extrapolate, and 2 random floored-Dirichlet
/// mixtures (the usual way to extend a sweep). The original 4 runs' losses are the same in every arm. Measured at 4× the
/// observed steps, on the optimum the service returns by default (inside the trust region of the refit): the width of its
/// average-loss interval, its L1 distance to the true optimum, and the true loss it gives away (regret).
/// Writes tests/benchmarks/results/next-runs.md. Options: --problems N (default 30), --resamples N (default 100),
/// --reach F (the default arm's widening factor, default <see cref="NextRunAdvisor.Reach"/>), --note.
/// </summary>
internal static class NextRunsSimulation
{
    private sealed record Outcome(double Width, double Distance, double Regret);

    public static Task<int> RunAsync(string[] args)
    {
        var problems = int.Parse(BenchmarkArgs.Value(args, "--problems", "30"), CultureInfo.InvariantCulture);
        var resamples = int.Parse(BenchmarkArgs.Value(args, "--resamples", "100"), CultureInfo.InvariantCulture);
        var machine = BenchmarkEnvironment.MachineMarkdown(BenchmarkArgs.Value(args, "--note"));
        var reach = double.Parse(BenchmarkArgs.Value(args, "--reach", NextRunAdvisor.Reach.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var arms = new[]
        {
            "before (4 runs)",
            "+2 recommended (default: steps beyond a clamped edge)",
            "+2 recommended, inside the trust region only (previous design)",
            "+2 recommended (extrapolate)",
            "+2 random Dirichlet",
        };
        const int random = 4;
        var outcomes = arms.Select(_ => new List<Outcome>()).ToArray();
        var narrower = new int[arms.Length];
        var closer = new int[arms.Length];
        var steppedOut = 0;
        var allowed = Enumerable.Repeat(new ProportionBounds(0, 1), 3).ToList();
        for (var p = 0; p < problems; p++)
        {
            var truth = new SyntheticTruth(3, seed: 500_000 + p);
            var mixtures = Enumerable.Range(0, 4).Select(_ => truth.Mixture()).ToList();
            var randomRuns = Enumerable.Range(0, 2).Select(_ => truth.Mixture()).ToList();
            var data = truth.Observe(mixtures);
            var options = new BiMixFitOptions { BootstrapResamples = resamples, Seed = p };
            var step = 4 * SyntheticTruth.Steps[^1];
            var weights = new[] { 1.0, 1, 1 };
            var trueOptimum = MixtureOptimizer.Optimize(truth.Laws, step, weights);

            var fit = BiMixFitter.Fit(data, options);
            outcomes[0].Add(Evaluate(fit, truth, step, trueOptimum));
            foreach (var (arm, extrapolate, armReach) in new[] { (1, false, reach), (2, false, 1.0), (3, true, reach) })
            {
                var region = TrustRegion.Apply(fit, allowed, extrapolate);
                var optimum = MixtureOptimizer.Optimize(fit.DomainFits.Select(d => d.Law).ToList(), step, weights, region.Bounds);
                var runs = NextRunAdvisor.Recommend(fit, step, weights, region.Bounds, allowed, optimum, 2, armReach);
                if (arm == 1 && runs.Any(r => r.ExtendsRange)) steppedOut++;
                outcomes[arm].Add(Evaluate(BiMixFitter.Fit(Append(data, truth.Observe(runs.Select(r => r.Mixture).ToList(), AddedNoise(p))), options), truth, step, trueOptimum));
            }
            outcomes[random].Add(Evaluate(BiMixFitter.Fit(Append(data, truth.Observe(randomRuns, AddedNoise(p))), options), truth, step, trueOptimum));
            for (var a = 1; a < random; a++)
            {
                narrower[a] += outcomes[a][^1].Width < outcomes[random][^1].Width ? 1 : 0;
                closer[a] += outcomes[a][^1].Distance < outcomes[random][^1].Distance ? 1 : 0;
            }
            Console.WriteLine($"problem {p}: width {string.Join(" / ", outcomes.Select(o => o[^1].Width.ToString("P3", CultureInfo.InvariantCulture)))}; " +
                              $"L1 {string.Join(" / ", outcomes.Select(o => o[^1].Distance.ToString("F3", CultureInfo.InvariantCulture)))}");
        }

        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        var md = new StringBuilder();
        md.AppendLine("# Next-run advice simulation").AppendLine();
        md.AppendLine(F($"Command: `dotnet run -c Release --project tests/benchmarks/ScalingApi.Benchmarks -- next-runs --problems {problems} --resamples {resamples}{(reach == NextRunAdvisor.Reach ? "" : $" --reach {reach}")}`")).AppendLine();
        md.AppendLine("## Machine").AppendLine().AppendLine(machine).AppendLine();
        md.AppendLine("## Setup").AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{problems} synthetic problems as in coverage.md (3 domains, α ∈ [0.02, 0.2], β ∈ [0.2, 0.6], 4 floored-Dirichlet runs, 20 checkpoints to 200k, 0.3 % log-normal noise), " +
                        $"fits with {resamples} resamples (default interval method). Target: 4× the observed steps (800k), equal weights. Two runs are added per arm and the fit is redone; " +
                        $"the original runs' losses are identical across arms, and the added runs' noise draws too (common random numbers), so arms differ only by where the runs are. Figures are means over problems of the optimum the service returns by default (inside the trust region): " +
                        $"the relative width of its average-loss 95 % interval, the L1 distance of its mixture to the true optimum (unconstrained), and its regret (true average loss minus the true optimum's, in nats)."));
        md.AppendLine();
        md.AppendLine("| Arm | Mean interval width of the optimum's loss | Median width | Mean L1 distance to the true optimum | Mean regret (nats) |");
        md.AppendLine("|---|---|---|---|---|");
        for (var a = 0; a < arms.Length; a++)
        {
            var o = outcomes[a];
            var widths = o.Select(x => x.Width).Order().ToList();
            md.AppendLine(F($"| {arms[a]} | {o.Average(x => x.Width) * 100:F3} % | {widths[widths.Count / 2] * 100:F3} % | {o.Average(x => x.Distance):F4} | {o.Average(x => x.Regret):E2} |"));
        }
        md.AppendLine();
        md.AppendLine(F($"The default advice stepped beyond the observed proportions (its first run at the law's optimum in the trust region widened {reach}×) in {steppedOut} / {problems} problems: those whose trust-region optimum sat on an observed edge."));
        md.AppendLine();
        md.AppendLine("Per problem, against the random runs:").AppendLine();
        md.AppendLine("| Arm | Narrower interval than random | Optimum closer to the true one than random |");
        md.AppendLine("|---|---|---|");
        for (var a = 1; a < random; a++)
            md.AppendLine(F($"| {arms[a]} | {narrower[a]} / {problems} | {closer[a]} / {problems} |"));
        var path = Path.Combine(BenchmarkEnvironment.RepositoryRoot(), "tests", "benchmarks", "results", "next-runs.md");
        File.WriteAllText(path, md.ToString());
        Console.WriteLine($"wrote {path}");
        return Task.FromResult(0);
    }

    private static Outcome Evaluate(BiMixFit fit, SyntheticTruth truth, double step, double[] trueOptimum)
    {
        var weights = new[] { 1.0, 1, 1 };
        var region = TrustRegion.Apply(fit, Enumerable.Repeat(new ProportionBounds(0, 1), 3).ToList(), extrapolate: false);
        var optimum = MixtureOptimizer.Optimize(fit.DomainFits.Select(d => d.Law).ToList(), step, weights, region.Bounds);
        var average = BiMixPredictor.Predict(fit, optimum, step).Average;
        return new Outcome((average.Upper - average.Lower) / average.Loss, optimum.Zip(trueOptimum, (a, b) => Math.Abs(a - b)).Sum(),
            truth.AverageLoss(optimum, step) - truth.AverageLoss(trueOptimum, step));
    }

    /// <summary>The noise of the added runs: the same draws in every arm of a problem, so arms differ only by where the runs are.</summary>
    private static Random AddedNoise(int problem) => new(900_000 + problem);

    /// <summary>Both data sets' runs, the second's re-indexed after the first's.</summary>
    private static BiMixData Append(BiMixData first, BiMixData second) => first with
    {
        Runs = [.. first.Runs, .. second.Runs.Select((r, k) => r with { Name = $"added{k}" })],
        Observations = [.. first.Observations, .. second.Observations.Select(o => o with { Run = o.Run + first.Runs.Count })],
    };
}
