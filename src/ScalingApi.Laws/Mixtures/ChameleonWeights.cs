using MathNet.Numerics.LinearAlgebra;

namespace ScalingApi.Laws.Mixtures;

/// <summary>Chameleon's leverage-score domain weights (Xie, Tonin, Cevher 2025; docs/science.md §4).</summary>
public static class ChameleonWeights
{
    /// <summary>
    /// Ridge leverage scores of the domain embeddings: S_i = [K̃ (K̃ + λ k I)^-1]_ii with K̃ = H X Xᵀ H
    /// the centred linear kernel, normalised to sum 1. One row of <paramref name="embeddings"/> per domain.
    /// </summary>
    public static double[] LeverageScores(IReadOnlyList<IReadOnlyList<double>> embeddings, double ridge = 10.0)
    {
        var k = embeddings.Count;
        if (k < 2) throw new ArgumentException("At least two domain embeddings are needed.", nameof(embeddings));
        var d = embeddings[0].Count;
        if (d == 0 || embeddings.Any(e => e.Count != d || e.Any(v => !double.IsFinite(v))))
            throw new ArgumentException("Embeddings must be non-empty, finite and all of the same length.", nameof(embeddings));
        if (!(ridge > 0) || !double.IsFinite(ridge))
            throw new ArgumentOutOfRangeException(nameof(ridge), ridge, "λ must be finite and > 0.");

        var x = Matrix<double>.Build.DenseOfRows(embeddings.Select(e => e.ToArray()));
        var centring = Matrix<double>.Build.DenseIdentity(k) - Matrix<double>.Build.Dense(k, k, 1.0 / k);
        var kernel = centring * (x * x.Transpose()) * centring;
        var regularised = kernel + Matrix<double>.Build.DenseIdentity(k) * (ridge * k);
        var hat = kernel * regularised.Inverse();
        var scores = hat.Diagonal().ToArray();
        var sum = scores.Sum();
        if (!(sum > 0))
            throw new ArgumentException("All embeddings are identical, so leverage scores are all zero.", nameof(embeddings));
        return scores.Select(s => s / sum).ToArray();
    }

    /// <summary>Pretraining weights softmax((1/S_i)/τ), τ = 5 by default: favour domains with low leverage.</summary>
    public static double[] PretrainingWeights(IReadOnlyList<double> leverageScores, double temperature = 5.0)
    {
        if (leverageScores.Any(s => !(s > 0)))
            throw new ArgumentException("Leverage scores must be > 0 to invert them.", nameof(leverageScores));
        return Softmax.Of(leverageScores.Select(s => 1 / s).ToArray(), temperature, nameof(leverageScores));
    }

    /// <summary>Fine-tuning weights softmax(S_i/τ), τ = 0.2 by default: favour distinctive domains.</summary>
    public static double[] FineTuningWeights(IReadOnlyList<double> leverageScores, double temperature = 0.2) =>
        Softmax.Of(leverageScores, temperature, nameof(leverageScores));
}
