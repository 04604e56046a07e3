using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using ScalingApi.Laws.BiMix;

namespace ScalingApi.Benchmarks;

/// <summary>
/// `coverage-diagnosis`: why the parametric bootstrap's intervals miss, per domain of the coverage benchmark's problems (same
/// seeds; the raw bootstrap laws, without the extrapolation terms or the small-sample calibration). Default mode prints, per
/// domain and horizon, z = (predicted − true log loss) / bootstrap sd and α's z, and per cell the coverage of alternative
/// intervals (percentile, basic, normal, percentile-t on a Gauss–Newton standard error, symmetric t) and of the service's own. --repeat N refits each
/// problem on N fresh noise draws of the same design (with its bootstrap) and compares the bootstrap sd with the estimator's
/// real sd across the draws, per domain; --sigma 1 compares the fitted noise level with the true one.
/// Options: --domains 3, --runs 4, --problems 30, --first 0 (first problem index), --repeat N, --sigma 1.
/// </summary>
internal static class CoverageDiagnosis
{
    // ∂ ln L / ∂ (ln B, ln C, ln β, ln α)
    private static double[] Gradient(DomainLaw l, double r, double s)
    {
        var bs = l.B * Math.Pow(s, -l.Beta); var k = bs + l.C;
        return [bs / k, l.C / k, -l.Beta * Math.Log(s) * bs / k, -l.Alpha!.Value * Math.Log(r)];
    }

    private static Matrix<double> Information(DomainLaw l, IReadOnlyList<double> shares)
    {
        var m = Matrix<double>.Build.Dense(4, 4);
        foreach (var r in shares)
            foreach (var s in SyntheticTruth.Steps)
            {
                var g = Gradient(l, r, s);
                for (var a = 0; a < 4; a++) for (var b = 0; b < 4; b++) m[a, b] += g[a] * g[b];
            }
        return m;
    }

    private static double Se(DomainLaw l, Matrix<double> info, double r, double s)
    {
        var g = Vector<double>.Build.DenseOfArray(Gradient(l, r, s));
        var x = info.Solve(g);
        return Math.Sqrt(Math.Max(g.DotProduct(x), 1e-30));
    }

    /// <summary>The service's own interval (calibration and extrapolation terms included), in log loss.</summary>
    private static (double, double) ServiceInterval(BiMixFit fit, double[] mixture, double step, int domain)
    {
        var d = BiMixPredictor.Predict(fit, mixture, step).Domains[domain];
        return (Math.Log(d.Lower), Math.Log(d.Upper));
    }

    private static double Corr(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double ma = a.Average(), mb = b.Average();
        return a.Zip(b, (x, y) => (x - ma) * (y - mb)).Sum() / Math.Sqrt(a.Sum(x => (x - ma) * (x - ma)) * b.Sum(y => (y - mb) * (y - mb)));
    }

    private static double Sd(IEnumerable<double> v) { var a = v.ToArray(); var m = a.Average(); return Math.Sqrt(a.Sum(x => (x - m) * (x - m)) / (a.Length - 1)); }

    public static Task<int> RunAsync(string[] args)
    {
        int Option(string name, string fallback) => int.Parse(BenchmarkArgs.Value(args, name, fallback), CultureInfo.InvariantCulture);
        int domains = Option("--domains", "3"), runs = Option("--runs", "4"), problems = Option("--problems", "30"), first = Option("--first", "0");
        var last = SyntheticTruth.Steps[^1];
        var inv = CultureInfo.InvariantCulture;
        string[] names = ["perc", "basic", "normal", "perc-t", "t-sym", "service"];
        var hits = new Dictionary<string, int[]>(); var totals = new Dictionary<string, int>(); var widths = new Dictionary<string, List<double>[]>();
        if (BenchmarkArgs.Value(args, "--repeat") is not null)
        {
            var repeats = Option("--repeat", "50");
            for (var p = first; p < first + problems; p++)
            {
                var tr = new SyntheticTruth(domains, seed: 10_000 * domains + 100 * runs + p);
                var mx = Enumerable.Range(0, runs).Select(_ => tr.Mixture()).ToList();
                var un = tr.Mixture();
                var zs = new List<double>[domains * 2]; var sds = new List<double>[domains * 2]; var ests = new List<double>[domains * 2];
                for (var q = 0; q < domains * 2; q++) { zs[q] = []; sds[q] = []; ests[q] = []; }
                for (var k = 0; k < repeats; k++)
                {
                    var f = BiMixFitter.Fit(tr.Observe(mx, new Random(5000 + k)), new BiMixFitOptions { BootstrapResamples = 200, Seed = k });
                    for (var i = 0; i < domains; i++)
                    {
                        var t = Math.Log(tr.Laws[i].Predict(un[i], last));
                        var point = Math.Log(f.DomainFits[i].Law.Predict(un[i], last));
                        var sd = Sd(f.BootstrapLaws.Select(l => Math.Log(l[i].Predict(un[i], last))));
                        zs[i].Add((point - t) / sd); sds[i].Add(sd); ests[i].Add(point - t);
                        var ta = tr.Laws[i].Alpha!.Value;
                        var asd = Sd(f.BootstrapLaws.Select(l => l[i].Alpha!.Value));
                        zs[domains + i].Add((f.DomainFits[i].Law.Alpha!.Value - ta) / asd); sds[domains + i].Add(asd); ests[domains + i].Add(f.DomainFits[i].Law.Alpha!.Value - ta);
                    }
                }
                for (var q = 0; q < domains * 2; q++)
                {
                    var i = q % domains;
                    var obs = mx.Select(r => r[i]).ToList();
                    var where = un[i] < obs.Min() || un[i] > obs.Max() ? "out" : "in";
                    Console.WriteLine(string.Create(inv, $"R p={p} {(q < domains ? "pred" : "alpha")} i={i} {where} rmsz={Math.Sqrt(zs[q].Average(x => x * x)):F3} cover={zs[q].Count(x => Math.Abs(x) < 1.96) / (double)repeats:F3} truesd={Sd(ests[q]):E3} bootsd mean={sds[q].Average():E3} cv={Sd(sds[q]) / sds[q].Average():F3} bias={ests[q].Average() / Sd(ests[q]):F3} corr={Corr(sds[q], ests[q].Select(Math.Abs).ToList()):F2}"));
                }
            }
            return Task.FromResult(0);
        }
        if (BenchmarkArgs.Value(args, "--sigma") is not null)
        {
            var ratios = new List<double>();
            for (var p = first; p < first + problems; p++)
            {
                var tr = new SyntheticTruth(domains, seed: 10_000 * domains + 100 * runs + p);
                var mx = Enumerable.Range(0, runs).Select(_ => tr.Mixture()).ToList();
                tr.Mixture();
                var data = tr.Observe(mx);
                var f = BiMixFitter.Fit(data, new BiMixFitOptions { BootstrapResamples = 0 });
                for (var i = 0; i < domains; i++)
                {
                    var e = data.Observations.Where(o => o.Domain == i).Select(o => Math.Log(o.Loss) - Math.Log(f.DomainFits[i].Law.Predict(mx[o.Run][i], o.Step))).ToList();
                    ratios.Add(Math.Sqrt(e.Sum(x => x * x) / (e.Count - 4)) / SyntheticTruth.Noise);
                }
            }
            Console.WriteLine($"sigma ratio mean {ratios.Average():F4} rms {Math.Sqrt(ratios.Average(x => x * x)):F4}");
            return Task.FromResult(0);
        }
        for (var p = first; p < first + problems; p++)
        {
            var truth = new SyntheticTruth(domains, seed: 10_000 * domains + 100 * runs + p);
            var mixtures = Enumerable.Range(0, runs).Select(_ => truth.Mixture()).ToList();
            var unseen = truth.Mixture();
            var fit = BiMixFitter.Fit(truth.Observe(mixtures), new BiMixFitOptions { BootstrapResamples = 200, Seed = p });
            for (var i = 0; i < domains; i++)
            {
                var observed = mixtures.Select(r => r[i]).ToList();
                var outside = unseen[i] < observed.Min() ? Math.Log(observed.Min() / unseen[i]) : unseen[i] > observed.Max() ? -Math.Log(unseen[i] / observed.Max()) : 0;
                var pointLaw = fit.DomainFits[i].Law;
                var pointInfo = Information(pointLaw, observed);
                var bootInfo = fit.BootstrapLaws.Select(l => Information(l[i], observed)).ToArray();
                foreach (var (step, h) in new[] { (last, "L"), (4 * last, "F") })
                {
                    var t = Math.Log(truth.Laws[i].Predict(unseen[i], step));
                    var point = Math.Log(pointLaw.Predict(unseen[i], step));
                    var draws = fit.BootstrapLaws.Select(l => Math.Log(l[i].Predict(unseen[i], step))).ToArray();
                    var sorted = draws.Order().ToArray();
                    var mean = draws.Average();
                    var sd = Math.Sqrt(draws.Sum(d => (d - mean) * (d - mean)) / (draws.Length - 1));
                    double Q(double[] a, double q) => ScalingApi.Laws.Statistics.Percentile.OfSorted(a, q);
                    var se = Se(pointLaw, pointInfo, unseen[i], step);
                    var tstar = fit.BootstrapLaws.Select((l, k) => (draws[k] - point) / Se(l[i], bootInfo[k], unseen[i], step)).Order().ToArray();
                    var tabs = tstar.Select(Math.Abs).Order().ToArray();
                    var intervals = new (double, double)[]
                    {
                        (Q(sorted, 0.025), Q(sorted, 0.975)),
                        (2 * point - Q(sorted, 0.975), 2 * point - Q(sorted, 0.025)),
                        (point - 1.96 * sd, point + 1.96 * sd),
                        (point - Q(tstar, 0.975) * se, point - Q(tstar, 0.025) * se),
                        (point - Q(tabs, 0.95) * se, point + Q(tabs, 0.95) * se),
                        ServiceInterval(fit, unseen, step, i),
                    };
                    var key = $"{h} {(outside == 0 ? "in " : "out")}";
                    if (!hits.ContainsKey(key)) { hits[key] = new int[names.Length]; totals[key] = 0; widths[key] = names.Select(_ => new List<double>()).ToArray(); }
                    totals[key]++;
                    for (var v = 0; v < names.Length; v++)
                    {
                        if (intervals[v].Item1 <= t && t <= intervals[v].Item2) hits[key][v]++;
                        widths[key][v].Add(intervals[v].Item2 - intervals[v].Item1);
                    }
                    Console.WriteLine(string.Create(inv, $"D p={p} i={i} h={h} out={outside:F3} z={(point - t) / sd:F2} zt={(point - t) / se:F2} sdratio={sd / se:F2} tq={Q(tstar, 0.025):F2}/{Q(tstar, 0.975):F2} za={(pointLaw.Alpha!.Value - truth.Laws[i].Alpha!.Value) / Sd(fit.BootstrapLaws.Select(l => l[i].Alpha!.Value)):F3} sxx={Sd(observed.Select(x => Math.Log(x))):F3} a={truth.Laws[i].Alpha!.Value:F3} zm={(draws.Average() - t) / sd:F2}"));
                }
            }
        }
        foreach (var key in hits.Keys.Order())
            Console.WriteLine($"S {key} n={totals[key]} " + string.Join(" ", names.Select((n, v) => string.Create(inv,
                $"{n}={100.0 * hits[key][v] / totals[key]:F1}%/{widths[key][v].Order().ElementAt(widths[key][v].Count / 2) * 100:F3}"))));
        return Task.FromResult(0);
    }
}
