using MathNet.Numerics.LinearAlgebra;
using ScalingApi.Laws.Sampling;

namespace ScalingApi.Corpora.Synthetic;

/// <summary>
/// A first-order Markov chain over single-byte symbols, started from its stationary distribution π.
/// Because symbols are bytes, byte-level token statistics of its output estimate these analytic values:
/// SE = H(π), CE = −Σ_i π_i Σ_j P_ij ln P_ij, JE = SE + CE (nats).
/// </summary>
public sealed class MarkovSource
{
    private readonly double[][] _cumulative;

    public MarkovSource(byte[] alphabet, double[][] transitions)
    {
        if (transitions.Length != alphabet.Length || transitions.Any(r => r.Length != alphabet.Length))
            throw new ArgumentException("Transition matrix must be square with one row per symbol.", nameof(transitions));
        Alphabet = alphabet;
        Transitions = transitions;
        Stationary = SolveStationary(transitions);
        _cumulative = transitions.Select(Cumulative).ToArray();
        AnalyticShannonEntropy = -Stationary.Where(p => p > 0).Sum(p => p * Math.Log(p));
        AnalyticConditionalEntropy = -Enumerable.Range(0, alphabet.Length)
            .Sum(i => Stationary[i] * transitions[i].Where(p => p > 0).Sum(p => p * Math.Log(p)));
    }

    public byte[] Alphabet { get; }
    public double[][] Transitions { get; }
    public double[] Stationary { get; }
    public double AnalyticShannonEntropy { get; }
    public double AnalyticConditionalEntropy { get; }
    public double AnalyticJointEntropy => AnalyticShannonEntropy + AnalyticConditionalEntropy;

    /// <summary>Rows drawn from a symmetric Dirichlet(concentration): small values give peaked, low-entropy rows.</summary>
    public static MarkovSource CreateRandom(byte[] alphabet, double concentration, Random random)
    {
        if (concentration <= 0) throw new ArgumentOutOfRangeException(nameof(concentration), "Concentration must be positive.");
        var rows = new double[alphabet.Length][];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = new double[alphabet.Length];
            for (var j = 0; j < row.Length; j++) row[j] = GammaSampler.Sample(random, concentration);
            var sum = row.Sum();
            // guard against every draw underflowing for tiny concentrations: fall back to uniform
            for (var j = 0; j < row.Length; j++) row[j] = sum > 0 ? row[j] / sum : 1.0 / row.Length;
            rows[i] = row;
        }
        return new MarkovSource(alphabet, rows);
    }

    /// <summary>Writes <paramref name="destination"/>.Length symbols, starting from π.</summary>
    public void Sample(Random random, Span<byte> destination)
    {
        var state = Draw(Cumulative(Stationary), random.NextDouble());
        for (var k = 0; k < destination.Length; k++)
        {
            if (k > 0) state = Draw(_cumulative[state], random.NextDouble());
            destination[k] = Alphabet[state];
        }
    }

    private static int Draw(double[] cumulative, double u)
    {
        for (var i = 0; i < cumulative.Length - 1; i++)
            if (u < cumulative[i]) return i;
        return cumulative.Length - 1;
    }

    private static double[] Cumulative(double[] p)
    {
        var c = new double[p.Length];
        double s = 0;
        for (var i = 0; i < p.Length; i++) c[i] = s += p[i];
        return c;
    }

    private static double[] SolveStationary(double[][] p)
    {
        // π (P − I) = 0 with Σ π = 1: transpose, and replace one (redundant) equation by the normalisation
        var n = p.Length;
        var a = Matrix<double>.Build.Dense(n, n, (i, j) => p[j][i] - (i == j ? 1 : 0));
        for (var j = 0; j < n; j++) a[n - 1, j] = 1;
        var b = Vector<double>.Build.Dense(n, i => i == n - 1 ? 1 : 0);
        return a.Solve(b).ToArray();
    }
}
