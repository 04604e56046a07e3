using System.Globalization;
using System.Text;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Mixtures;

namespace ScalingApi.Benchmarks;

/// <summary>
/// `next-runs`: on <see cref="SyntheticTruth"/> problems (3 domains, 4 runs), fit, then add 2 runs chosen three ways and
/// refit: the advisor's picks inside the trust region (the endpoint's default), the advisor's picks with extrapolate, and
/// 2 random floored-Dirichlet mixtures (the usual way to extend a sweep). The original 4 runs' losses are the same in
/// every arm. Measured at 4× the observed steps, on the optimum the service returns by default (inside the trust region):
/// the width of its average-loss interval, its L1 distance to the true optimum, and the true loss it gives away (regret).
/// Writes tests/benchmarks/results/next-runs.md. Options: --problems N (default 30), --resamples N (default 100), --note.
/// </summary>
internal static class NextRunsSimulation
{
    private sealed record Outcome(double Width, double Distance, double Regret);

    public static Task<int> RunAsync(string[] args)
    {
        var problems = int.Parse(BenchmarkArgs.Value(args, "--problems", "30"), CultureInfo.InvariantCulture);
        var resamples = int.Parse(BenchmarkArgs.Value(args, "--resamples", "100"), CultureInfo.InvariantCulture);
        var machine = BenchmarkEnvironment.MachineMarkdown(BenchmarkArgs.Value(args, "--note"));
        var arms = new[] { "before (4 runs)", "+2 recommended (trust region)", "+2 recommended (extrapolate)", "+2 random Dirichlet" };
        var outcomes = arms.Select(_ => new List<Outcome>()).ToArray();
        var recommendedWins = new int[2];
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
            var arm = 1;
            foreach (var extrapolate in new[] { false, true })
            {
                var region = TrustRegion.Apply(fit, Enumerable.Repeat(new ProportionBounds(0, 1), 3).ToList(), extrapolate);
                var optimum = MixtureOptimizer.Optimize(fit.DomainFits.Select(d => d.Law).ToList(), step, weights, region.Bounds);
                var picks = NextRunAdvisor.Recommend(fit, step, weights, region.Bounds, optimum, 2).Select(r => r.Mixture).ToList();
                outcomes[arm++].Add(Evaluate(BiMixFitter.Fit(Append(data, truth.Observe(picks)), options), truth, step, trueOptimum));
            }
            outcomes[3].Add(Evaluate(BiMixFitter.Fit(Append(data, truth.Observe(randomRuns)), options), truth, step, trueOptimum));
            for (var a = 0; a < 2; a++) recommendedWins[a] += outcomes[1 + a][^1].Width < outcomes[3][^1].Width ? 1 : 0;
            Console.WriteLine($"problem {p}: width {string.Join(" / ", outcomes.Select(o => o[^1].Width.ToString("P3", CultureInfo.InvariantCulture)))}");
        }

        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        var md = new StringBuilder();
        md.AppendLine("# Next-run advice simulation").AppendLine();
        md.AppendLine(F($"Command: `dotnet run -c Release --project tests/benchmarks/ScalingApi.Benchmarks -- next-runs --problems {problems} --resamples {resamples}`")).AppendLine();
        md.AppendLine("## Machine").AppendLine().AppendLine(machine).AppendLine();
        md.AppendLine("## Setup").AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{problems} synthetic problems as in coverage.md (3 domains, α ∈ [0.02, 0.2], β ∈ [0.2, 0.6], 4 floored-Dirichlet runs, 20 checkpoints to 200k, 0.3 % log-normal noise), " +
                        $"fits with {resamples} resamples (default interval method). Target: 4× the observed steps (800k), equal weights. Two runs are added per arm and the fit is redone; " +
                        $"the original runs' losses are identical across arms. Figures are means over problems of the optimum the service returns by default (inside the trust region): " +
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
        md.AppendLine().AppendLine(F($"Problems where the recommended runs gave a narrower interval than the random runs: {recommendedWins[0]} / {problems} (trust region), {recommendedWins[1]} / {problems} (extrapolate)."));
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

    /// <summary>Both data sets' runs, the second's re-indexed after the first's.</summary>
    private static BiMixData Append(BiMixData first, BiMixData second) => first with
    {
        Runs = [.. first.Runs, .. second.Runs.Select((r, k) => r with { Name = $"added{k}" })],
        Observations = [.. first.Observations, .. second.Observations.Select(o => o with { Run = o.Run + first.Runs.Count })],
    };
}
