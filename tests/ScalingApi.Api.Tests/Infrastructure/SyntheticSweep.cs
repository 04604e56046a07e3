using System.Globalization;
using System.Text;

namespace ScalingApi.Api.Tests.Infrastructure;

/// <summary>
/// Losses from known BiMix coefficients on the SlimPajama domains and the paper's mixtures
/// (docs/science.md §2): training runs Baseline, DoReMi, SE, CE; the unseen mixture is JE.
/// 20 checkpoints every 10k steps to 200k, 0.1 % multiplicative Gaussian noise, seeded.
/// The law is evaluated here independently of the numerics library.
/// </summary>
public static class SyntheticSweep
{
    public static readonly string[] Domains = ["ArXiv", "Books", "C4", "CommonCrawl", "GitHub", "StackExchange", "Wikipedia"];
    public static readonly double[] Tokens = [2.8e9, 2.6e9, 16.4e9, 32.1e9, 3.2e9, 2.1e9, 2.5e9];

    // (B, C, alpha, beta) per domain, A = 1
    public static readonly (double B, double C, double Alpha, double Beta)[] Truth =
    [
        (6.0, 1.6, 0.08, 0.35), (9.0, 2.4, 0.12, 0.42), (7.5, 2.6, 0.10, 0.38), (8.0, 2.7, 0.09, 0.40),
        (4.5, 1.1, 0.15, 0.30), (5.5, 1.8, 0.11, 0.33), (7.0, 2.2, 0.14, 0.45),
    ];

    public static readonly Dictionary<string, double[]> Mixtures = new()
    {
        ["baseline"] = [0.0458, 0.0420, 0.2660, 0.5203, 0.0522, 0.0337, 0.0399],
        ["doremi"] = [0.0213, 0.0420, 0.2864, 0.5518, 0.0191, 0.0292, 0.0501],
        ["se"] = [0.0738, 0.1474, 0.1619, 0.1863, 0.0952, 0.1152, 0.2202],
        ["ce"] = [0.0710, 0.1669, 0.2079, 0.2175, 0.0902, 0.1177, 0.1287],
        ["je"] = [0.0339, 0.1592, 0.2179, 0.2623, 0.0556, 0.0878, 0.1834],
    };

    public static readonly string[] TrainingRuns = ["baseline", "doremi", "se", "ce"];
    public const string UnseenRun = "je";
    public static readonly int[] Steps = Enumerable.Range(1, 20).Select(k => k * 10_000).ToArray();
    public const double TokensPerStep = 65_536;

    public static double TrueLoss(int domain, double proportion, double step)
    {
        var (b, c, alpha, beta) = Truth[domain];
        return Math.Pow(proportion, -alpha) * (b * Math.Pow(step, -beta) + c);
    }

    public static IReadOnlyDictionary<string, double> MixtureOf(string run) =>
        Domains.Select((d, i) => (d, Mixtures[run][i])).ToDictionary(x => x.d, x => x.Item2);

    /// <summary>Noisy observations of the given runs as a run,step,domain,loss CSV body.</summary>
    public static string Csv(IEnumerable<string> runs, int seed, double noise = 1e-3) =>
        Csv(runs.Select(run => (run, Mixtures[run])), seed, noise);

    /// <summary>Noisy observations of runs at any mixtures (e.g. ones the service recommended) as a CSV body.</summary>
    public static string Csv(IEnumerable<(string Run, double[] Mixture)> runs, int seed, double noise = 1e-3)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("run,step,domain,loss\n");
        foreach (var (run, mixture) in runs)
        foreach (var step in Steps)
            for (var i = 0; i < Domains.Length; i++)
            {
                var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                var loss = TrueLoss(i, mixture[i], step) * (1 + noise * gaussian);
                csv.Append(CultureInfo.InvariantCulture, $"{run},{step},{Domains[i]},{loss:R}\n");
            }
        return csv.ToString();
    }

    /// <summary>The true loss averaged over the domains with equal weights.</summary>
    public static double TrueAverageLoss(IReadOnlyDictionary<string, double> mixture, double step) =>
        Domains.Select((d, i) => TrueLoss(i, mixture[d], step)).Average();
}
