using System.Diagnostics;
using System.Globalization;
using System.Text;
using ScalingApi.Laws.BiMix;

namespace ScalingApi.Benchmarks;

/// <summary>
/// `coverage`: how often the 95 % intervals of an unseen mixture's per-domain loss contain its TRUE loss, at the
/// last observed step (200k) and at 4× (800k), and their median relative width, on <see cref="SyntheticTruth"/>
/// problems: 3 domains × 4 runs, 3 domains × 8 runs, 7 domains × 4 runs. "Before" is the run bootstrap without the
/// model-error term (the method of main before this change); "after" is the default (Auto). Writes
/// tests/benchmarks/results/coverage.md. Options: --problems N (default 100), --resamples N (default 200), --note "…".
/// </summary>
internal static class CoverageBenchmark
{
    private sealed record Case(int Domains, int Runs);
    private sealed record Cell(int Covered, int Total, double MedianWidth)
    {
        public double Coverage => Covered / (double)Total;
    }
    private sealed record Row(Case Case, string Method, Cell Last, Cell Far, Cell AverageLast, Cell AverageFar, double Seconds, string Methods,
        Cell InsideLast, Cell OutsideLast, int MissedHigh, int MissedLow);

    private static readonly Case[] Cases = [new(3, 4), new(3, 8), new(7, 4), new(7, 8)];

    public static Task<int> RunAsync(string[] args)
    {
        var problems = int.Parse(BenchmarkArgs.Value(args, "--problems", "100"), CultureInfo.InvariantCulture);
        var resamples = int.Parse(BenchmarkArgs.Value(args, "--resamples", "200"), CultureInfo.InvariantCulture);
        var machine = BenchmarkEnvironment.MachineMarkdown(BenchmarkArgs.Value(args, "--note"));
        var rows = new List<Row>();
        // --cases 7x4,7x8 measures only those (for diagnosis; the committed file has every case)
        var only = BenchmarkArgs.Value(args, "--cases")?.Split(',');
        foreach (var c in BenchmarkArgs.Value(args, "--timing-only") is null ? Cases.Where(c => only is null || only.Contains($"{c.Domains}x{c.Runs}")) : [])
        {
            rows.Add(Measure(c, problems, resamples, before: true));
            rows.Add(Measure(c, problems, resamples, before: false));
        }
        // The fit benchmark's budget: 22 domains × 4 runs × 20 checkpoints with 200 resamples well under 2 s, for both methods.
        // The fit benchmark's own data (0.1 % noise) as well as this benchmark's (0.3 %).
        var big = new SyntheticTruth(22, seed: 22);
        var bigData = big.Observe(Enumerable.Range(0, 4).Select(_ => big.Mixture()).ToList());
        var fitBenchmarkData = BiMixSimulator.Generate(BiMixSimulator.RandomLaws(22, 122), BiMixSimulator.RandomMixtures(22, 4, 222),
            SyntheticTruth.Steps, 1e-3, 322);
        var timing = new[] { IntervalMethod.RunBootstrap, IntervalMethod.ParametricBootstrap }
            .SelectMany(method => new[] { ("0.3 % noise", bigData), ("0.1 % noise, fit benchmark's data", fitBenchmarkData) }
                .Select(d => (method, d.Item1, Timing.MedianSeconds(5, () => BiMixFitter.Fit(d.Item2, new BiMixFitOptions { BootstrapResamples = 200, Seed = 1, Intervals = method })))))
            .ToList();
        foreach (var t in timing) Console.WriteLine($"{t.method} {t.Item2}: {t.Item3:F3} s");
        if (BenchmarkArgs.Value(args, "--timing-only") is not null) return Task.FromResult(0);
        var path = Path.Combine(BenchmarkEnvironment.RepositoryRoot(), "tests", "benchmarks", "results", "coverage.md");
        File.WriteAllText(path, Markdown(machine, rows, problems, resamples) + Environment.NewLine + string.Join(Environment.NewLine, timing.Select(t =>
            string.Create(CultureInfo.InvariantCulture, $"- 22 domains × 4 runs × 20 checkpoints, {t.Item2}, 200 resamples ({IntervalMethods.Name(t.method)}, held-out refits included), median of 5: **{t.Item3:F3} s** (budget 2 s)"))) + Environment.NewLine);
        Console.WriteLine($"wrote {path}");
        return Task.FromResult(0);
    }

    private static Row Measure(Case c, int problems, int resamples, bool before)
    {
        var last = SyntheticTruth.Steps[^1];
        var far = 4 * last;
        var lastHits = new List<(bool, double)>();
        var farHits = new List<(bool, double)>();
        var avgLast = new List<(bool, double)>();
        var avgFar = new List<(bool, double)>();
        var insideLast = new List<(bool, double)>();
        var outsideLast = new List<(bool, double)>();
        int missedHigh = 0, missedLow = 0;
        var methods = new SortedSet<string>();
        var clock = Stopwatch.StartNew();
        for (var p = 0; p < problems; p++)
        {
            var truth = new SyntheticTruth(c.Domains, seed: 10_000 * c.Domains + 100 * c.Runs + p);
            var mixtures = Enumerable.Range(0, c.Runs).Select(_ => truth.Mixture()).ToList();
            var unseen = truth.Mixture();
            var data = truth.Observe(mixtures);
            var options = new BiMixFitOptions
            {
                BootstrapResamples = resamples, Seed = p,
                Intervals = before ? IntervalMethod.RunBootstrap : IntervalMethod.Auto,
            };
            var fit = BiMixFitter.Fit(data, options);
            if (before) fit = fit with { DomainFits = fit.DomainFits.Select(d => d with { ExtrapolationError = null }).ToList() };
            foreach (var (step, hits, averages) in new[] { (last, lastHits, avgLast), (far, farHits, avgFar) })
            {
                var prediction = BiMixPredictor.Predict(fit, unseen, step);
                for (var i = 0; i < c.Domains; i++)
                {
                    var t = truth.Laws[i].Predict(unseen[i], step);
                    var d = prediction.Domains[i];
                    var hit = (d.Lower <= t && t <= d.Upper, (d.Upper - d.Lower) / d.Loss);
                    hits.Add(hit);
                    methods.Add(d.IntervalMethod ?? "none");
                    if (step != last) continue;
                    var observed = mixtures.Select(r => r[i]).ToList();
                    (unseen[i] >= observed.Min() && unseen[i] <= observed.Max() ? insideLast : outsideLast).Add(hit);
                    if (t > d.Upper) missedHigh++;
                    if (t < d.Lower) missedLow++;
                }
                var ta = truth.AverageLoss(unseen, step);
                var a = prediction.Average;
                averages.Add((a.Lower <= ta && ta <= a.Upper, (a.Upper - a.Lower) / a.Loss));
            }
        }
        var seconds = clock.Elapsed.TotalSeconds / problems;
        Console.WriteLine($"{c.Domains} domains × {c.Runs} runs, {(before ? "before" : "after")}: last {Of(lastHits).Coverage:P1}, 4× {Of(farHits).Coverage:P1}; " +
                          $"last step inside the observed proportions {Of(insideLast).Coverage:P1} ({insideLast.Count}), outside {Of(outsideLast).Coverage:P1} ({outsideLast.Count}); " +
                          $"misses above / below {missedHigh} / {missedLow}");
        return new Row(c, before ? "before: run bootstrap" : "after: auto", Of(lastHits), Of(farHits), Of(avgLast), Of(avgFar), seconds,
            string.Join(", ", methods), Of(insideLast), Of(outsideLast), missedHigh, missedLow);
    }

    private static Cell Of(List<(bool Hit, double Width)> hits)
    {
        var widths = hits.Select(h => h.Width).Order().ToList();
        return new Cell(hits.Count(h => h.Hit), hits.Count, widths.Count == 0 ? double.NaN : widths[widths.Count / 2]);
    }

    private static string Markdown(string machine, List<Row> rows, int problems, int resamples)
    {
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        var md = new StringBuilder();
        md.AppendLine("# Interval coverage benchmark").AppendLine();
        md.AppendLine(F($"Command: `dotnet run -c Release --project tests/benchmarks/ScalingApi.Benchmarks -- coverage --problems {problems} --resamples {resamples}`")).AppendLine();
        md.AppendLine("## Machine").AppendLine().AppendLine(machine).AppendLine();
        md.AppendLine("## Setup").AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Per problem: known BiMix laws (B ∈ [2, 12], C ∈ [1, 3], α ∈ [0.02, 0.2], β ∈ [0.2, 0.6]), flat-Dirichlet training mixtures floored at 0.03, " +
                        $"20 checkpoints every 10k steps to 200k, 0.3 % log-normal noise, a fit with {resamples} bootstrap resamples (Huber), and one unseen Dirichlet mixture. " +
                        $"A hit is a 95 % interval of the unseen mixture's loss that contains its TRUE (noiseless) loss, per domain, at the last observed step (200k) and at 4× (800k); " +
                        $"{problems} problems per case. Width is the median of (upper − lower) / predicted loss. 'Before' is the run bootstrap without the model-error term " +
                        $"(main before this change); 'after' is the default: the residual bootstrap below {IntervalMethods.RunBootstrapMinRuns} runs, plus the model-error term " +
                        $"where held-out checkpoints show the law extrapolating worse than noise and parameter uncertainty explain."));
        md.AppendLine();
        md.AppendLine("| Domains × runs | Method | Coverage, last step | Median width, last step | Coverage, 4× steps | Median width, 4× steps | Average-loss coverage last / 4× | Interval methods seen | Time per problem (s) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            md.AppendLine(F($"| {r.Case.Domains} × {r.Case.Runs} | {r.Method} | {r.Last.Coverage * 100:F1} % ({r.Last.Covered}/{r.Last.Total}) | {r.Last.MedianWidth * 100:F3} % | {r.Far.Coverage * 100:F1} % ({r.Far.Covered}/{r.Far.Total}) | {r.Far.MedianWidth * 100:F3} % | {r.AverageLast.Coverage * 100:F1} % / {r.AverageFar.Coverage * 100:F1} % | {r.Methods} | {r.Seconds:F3} |"));
        md.AppendLine().AppendLine("Where the misses are, at the last step: per domain, whether the unseen mixture's share lay inside the proportions the runs had for it, and on which side of the interval the true loss fell.").AppendLine();
        md.AppendLine("| Domains × runs | Method | Coverage, share inside the observed proportions | Coverage, share outside them | Misses with the truth above / below |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var r in rows)
            md.AppendLine(F($"| {r.Case.Domains} × {r.Case.Runs} | {r.Method} | {r.InsideLast.Coverage * 100:F1} % ({r.InsideLast.Covered}/{r.InsideLast.Total}) | {r.OutsideLast.Coverage * 100:F1} % ({r.OutsideLast.Covered}/{r.OutsideLast.Total}) | {r.MissedHigh} / {r.MissedLow} |"));
        md.AppendLine().AppendLine(F($"With {problems * 3} intervals per 3-domain cell, a 95 % binomial band around a nominal 95 % coverage is about ±{196 * Math.Sqrt(0.95 * 0.05 / (problems * 3)):F1} points."));
        return md.ToString();
    }
}
