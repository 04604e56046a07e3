using System.Globalization;
using System.Text;

namespace ScalingApi.Api.Tests.Infrastructure;

/// <summary>Noise-free BiMix losses L = r^-α (B s^-β + C) (A = 1) of named runs, as a run,step,domain,loss CSV body.</summary>
public sealed class KnownLawCurves(IReadOnlyList<string> domains, IReadOnlyList<(double B, double C, double Alpha, double Beta)> truth)
{
    private readonly StringBuilder _csv = new("run,step,domain,loss\n");

    /// <summary>Checkpoints 10, 20, …, 200.</summary>
    public static IReadOnlyList<int> Steps { get; } = Enumerable.Range(1, 20).Select(k => 10 * k).ToArray();

    public KnownLawCurves Add(string run, IReadOnlyDictionary<string, double> mixture)
    {
        foreach (var step in Steps)
            for (var i = 0; i < domains.Count; i++)
            {
                var (b, c, alpha, beta) = truth[i];
                var loss = Math.Pow(mixture[domains[i]], -alpha) * (b * Math.Pow(step, -beta) + c);
                _csv.Append(CultureInfo.InvariantCulture, $"{run},{step},{domains[i]},{loss:R}\n");
            }
        return this;
    }

    public string Csv => _csv.ToString();
}
