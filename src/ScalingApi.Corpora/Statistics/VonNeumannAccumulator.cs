using Simd = System.Numerics.Vector;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MathNet.Numerics.LinearAlgebra;

namespace ScalingApi.Corpora.Statistics;

/// <summary>
/// Streams unit document vectors v_j into the d×d matrix Σ v_j v_jᵀ; the density matrix is that sum / N.
/// Its non-zero eigenvalues equal those of the N×N kernel K/N (docs/science.md §2), so memory is O(d²), not O(N²).
/// </summary>
public sealed class VonNeumannAccumulator(int dimensions)
{
    private readonly double[] _upper = new double[dimensions * dimensions]; // row-major, j ≥ i filled
    private readonly int[] _nonZero = new int[dimensions];
    private int _nonZeroCount;

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
        _nonZeroCount = nnz;
        if (nnz == 0) return;
        var scale = 1.0 / norm2;
        if (nnz * 4 < Dimensions) AddSparse(vector, nnz, scale);
        else AddDense(vector, scale);
        Count++;
    }

    private void AddSparse(ReadOnlySpan<double> vector, int nnz, double scale)
    {
        // short documents touch few features: update only the non-zero block of the outer product
        var d = Dimensions;
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
    }

    private void AddDense(ReadOnlySpan<double> vector, double scale)
    {
        // long documents fill most features: a SIMD rank-1 update of the upper triangle (row i from column
        // i rounded down to a vector boundary; the few extra lower entries written are never read)
        var d = Dimensions;
        var width = System.Numerics.Vector<double>.Count;
        ref var upper = ref MemoryMarshal.GetArrayDataReference(_upper);
        ref var v = ref MemoryMarshal.GetReference(vector);
        for (var a = 0; a < _nonZeroCount; a++)
        {
            var i = _nonZero[a];
            var si = vector[i] * scale;
            var vi = new System.Numerics.Vector<double>(si);
            ref var row = ref Unsafe.Add(ref upper, i * d);
            var j = i - i % width;
            for (; j <= d - width; j += width)
                Simd.StoreUnsafe(Simd.LoadUnsafe(ref row, (nuint)j) + vi * Simd.LoadUnsafe(ref v, (nuint)j), ref row, (nuint)j);
            for (; j < d; j++) Unsafe.Add(ref row, j) += si * Unsafe.Add(ref v, j);
        }
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
