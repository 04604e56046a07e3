using MathNet.Numerics.LinearAlgebra;

namespace ScalingApi.Corpora.Statistics;

/// <summary>
/// Streams unit document vectors v_j into the d×d matrix Σ v_j v_jᵀ; the density matrix is that sum / N.
/// Its non-zero eigenvalues equal those of the N×N kernel K/N (science.md §2), so memory is O(d²), not O(N²).
/// </summary>
public sealed class VonNeumannAccumulator(int dimensions)
{
    private readonly double[] _upper = new double[dimensions * dimensions]; // row-major, j ≥ i filled
    private readonly int[] _nonZero = new int[dimensions];

    public int Dimensions { get; } = dimensions;
    public long Count { get; private set; }

    /// <summary>Adds one document given its (unnormalised) feature vector; all-zero vectors are ignored.</summary>
    public void Add(ReadOnlySpan<double> vector)
    {
        var nnz = 0;
        double norm2 = 0;
        for (var i = 0; i < vector.Length; i++)
        {
            if (vector[i] == 0) continue;
            _nonZero[nnz++] = i;
            norm2 += vector[i] * vector[i];
        }
        if (nnz == 0) return;
        var scale = 1.0 / norm2;
        var d = Dimensions;
        // documents are sparse in feature space: update only the non-zero block of the outer product
        for (var a = 0; a < nnz; a++)
        {
            var i = _nonZero[a];
            var vi = vector[i] * scale;
            var row = i * d;
            for (var b = a; b < nnz; b++)
            {
                var j = _nonZero[b];
                _upper[row + j] += vi * vector[j];
            }
        }
        Count++;
    }

    public void Merge(VonNeumannAccumulator other)
    {
        for (var i = 0; i < _upper.Length; i++) _upper[i] += other._upper[i];
        Count += other.Count;
    }

    /// <summary>−Σ λ ln λ over the eigenvalues of ρ = Σ v vᵀ / N; 0 when no document was added.</summary>
    public double Entropy()
    {
        if (Count == 0) return 0;
        var d = Dimensions;
        var rho = Matrix<double>.Build.Dense(d, d, (i, j) => (i <= j ? _upper[i * d + j] : _upper[j * d + i]) / Count);
        var eigenvalues = rho.Evd(Symmetricity.Symmetric).EigenValues;
        double h = 0;
        foreach (var e in eigenvalues)
        {
            var lambda = e.Real;
            if (lambda > 0) h -= lambda * Math.Log(lambda);
        }
        return h;
    }
}
