using System.Globalization;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Catalog;

namespace ScalingApi.Laws.Chinchilla;

/// <summary>
/// Hoffmann et al.'s L(N, D) = E + A/N^α + B/D^β per domain, fitted as Epoch AI replicated it
/// (<see cref="ChinchillaOptimizer"/>), intervals from the run bootstrap. N is the run's declared
/// parameters, D = step × tokens per step. The mixture plays no part: every run is one (N, D) curve.
/// </summary>
public sealed class ChinchillaLaw : IScalingLaw
{
    public string Name => "chinchilla";
    public string Formula => "L_i(N, D) = E_i + A_i / N^alpha_i + B_i / D^beta_i  (N parameters, D = step * tokensPerStep)";
    public IReadOnlyList<string> ParameterNames { get; } = ["A", "B", "E", "alpha", "beta"];

    /// <summary>Five parameters plus one point to spare, at two model sizes and two token counts at least.</summary>
    private const int RequiredPoints = 6;

    public string? Inapplicable(BiMixData data, LawFitOptions options)
    {
        if (options.TokensPerStep is null)
            return "D is in tokens: the experiment needs tokensPerStep (tokens = step × tokensPerStep)";
        var observedRuns = data.Observations.Select(o => o.Run).Distinct().Order().ToList();
        var undeclared = observedRuns.Where(r => data.Runs[r].Parameters is null).Select(r => data.Runs[r].Name).ToList();
        if (undeclared.Count > 0)
            return $"every run needs its model size (parameters); {undeclared.Count} run(s) do not declare it, e.g. '{undeclared[0]}'";
        for (var i = 0; i < data.Domains.Count; i++)
        {
            var points = data.Observations.Where(o => o.Domain == i).ToList();
            var sizes = points.Select(o => data.Runs[o.Run].Parameters).Distinct().Count();
            var tokens = points.Select(o => o.Step).Distinct().Count();
            if (points.Count < RequiredPoints || sizes < 2 || tokens < 2)
                return string.Create(CultureInfo.InvariantCulture,
                    $"domain '{data.Domains[i]}' has {points.Count} observation(s) at {sizes} model size(s) and {tokens} token count(s); " +
                    $"the law needs at least {RequiredPoints} observations, 2 model sizes and 2 token counts");
        }
        return null;
    }

    public IFittedLaw Fit(BiMixData data, LawFitOptions options)
    {
        if (Inapplicable(data, options) is { } why) throw new InsufficientDataException(why);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
        var tokensPerStep = options.TokensPerStep!.Value;
        var m = data.Domains.Count;
        var points = Enumerable.Range(0, m).Select(i => data.Observations.Where(o => o.Domain == i).ToList()).ToArray();
        var objectives = points.Select(p => new ChinchillaObjective(
            p.Select(o => Math.Log(data.Runs[o.Run].Parameters!.Value)).ToArray(),
            p.Select(o => Math.Log(o.Step * tokensPerStep)).ToArray(),
            p.Select(o => Math.Log(o.Loss)).ToArray(),
            options.Objective, options.HuberDelta)).ToArray();

        var optima = objectives.Select(o => ChinchillaOptimizer.FitFromGrid(o, parallel)).ToArray();

        // The run bootstrap: every domain sees the same draw of runs; refits start at the full-data optimum.
        var eligible = data.Observations.Select(o => o.Run).Distinct().Order().ToList();
        var draws = options.BootstrapResamples == 0
            ? []
            : RunBootstrap.DrawRunMultiplicities(data.Runs.Count, eligible, options.BootstrapResamples, options.Seed,
                multiplicity => points.All(p => p.Count(o => multiplicity[o.Run] > 0) >= RequiredPoints));
        var resampled = new ChinchillaOptimum[draws.Length * m];
        Parallel.For(0, resampled.Length, parallel, index =>
        {
            int k = index / m, i = index % m;
            var weights = points[i].Select(o => draws[k][o.Run]).ToArray();
            resampled[index] = ChinchillaOptimizer.Minimize(objectives[i], optima[i].Theta, weights);
        });

        var domains = new ChinchillaDomainFit[m];
        for (var i = 0; i < m; i++)
        {
            var optimum = optima[i];
            var bootstrap = Enumerable.Range(0, draws.Length).Select(k => resampled[k * m + i]).ToList();
            var law = ChinchillaLawParameters.FromTheta(optimum.Theta);
            var residuals = objectives[i].Residuals(optimum.Theta);
            var actual = points[i].Select(o => o.Loss).ToArray();
            var predicted = actual.Select((y, j) => y * Math.Exp(-residuals[j])).ToArray();
            var diagnostics = new FitDiagnostics(optimum.Converged, optimum.Iterations, optimum.Value, optimum.GradientNorm, actual.Length,
                actual.Zip(predicted, Metrics.FitMetrics.RelativeError).Average(), Metrics.FitMetrics.TryLogRSquared(actual, predicted) ?? 0,
                optimum.Message) { BootstrapUnconverged = bootstrap.Count(b => !b.Converged) };
            domains[i] = new ChinchillaDomainFit(data.Domains[i], law,
                bootstrap.Select(b => ChinchillaLawParameters.FromTheta(b.Theta)).ToList(), diagnostics);
        }
        return new FittedChinchilla(data.Domains, domains, tokensPerStep);
    }
}
