using ScalingApi.Laws.Mixtures;

namespace ScalingApi.Training.DoReMi;

/// <summary>
/// The bookkeeping of DoReMi's weight update around the pure <see cref="DoReMiWeights.Update"/>: per-domain
/// excess losses from one batch's per-row sums, absent domains keeping their previous score, the running
/// sum of α_t, and the per-row loss weights α_i / p_i (normalised to sum 1 over the batch).
/// </summary>
public sealed class DomainWeightUpdate
{
    private readonly double _eta;
    private readonly double _smoothing;

    public DomainWeightUpdate(int domains, int vocabularySize, double eta, double smoothing)
    {
        if (domains < 1) throw new ArgumentException("must be at least 1", nameof(domains));
        if (vocabularySize < 2) throw new ArgumentException("must be at least 2", nameof(vocabularySize));
        this._eta = eta;
        this._smoothing = smoothing;
        State = new DoReMiState(
            Enumerable.Repeat(1.0 / domains, domains).ToArray(),
            Enumerable.Repeat(Math.Log(vocabularySize), domains).ToArray(),
            new double[domains], 0);
    }

    public DoReMiState State { get; private set; }

    public void Restore(DoReMiState state)
    {
        var k = State.Weights.Length;
        if (state.Weights.Length != k || state.Scores.Length != k || state.WeightSum.Length != k || state.Steps < 0)
            throw new ArgumentException($"the saved DoReMi state is not one of {k} domains", nameof(state));
        State = state with { Weights = state.Weights.ToArray(), Scores = state.Scores.ToArray(), WeightSum = state.WeightSum.ToArray() };
    }

    /// <summary>
    /// One step: λ_i = (Σ over domain i's rows of the row's clipped excess) / (domain i's rows × tokensPerRow) for every
    /// domain present; then α_t = DoReMiWeights.Update(α_{t−1}, λ) and the running sum grows by α_t.
    /// </summary>
    /// <param name="rowExcess">Per batch row, the sum over its tokens of max(ℓ_proxy − ℓ_ref, 0).</param>
    public double[] Step(IReadOnlyList<double> rowExcess, IReadOnlyList<int> domainOfRow, int tokensPerRow)
    {
        if (rowExcess.Count != domainOfRow.Count) throw new ArgumentException("one excess per row is needed", nameof(rowExcess));
        var k = State.Weights.Length;
        var sums = new double[k];
        var rows = new int[k];
        for (var r = 0; r < rowExcess.Count; r++)
        {
            sums[domainOfRow[r]] += rowExcess[r];
            rows[domainOfRow[r]]++;
        }
        var scores = State.Scores.ToArray();
        for (var i = 0; i < k; i++)
            if (rows[i] > 0) scores[i] = sums[i] / ((double)rows[i] * tokensPerRow);
        var weights = DoReMiWeights.Update(State.Weights, scores, _eta, _smoothing);
        State = new DoReMiState(weights, scores, State.WeightSum.Zip(weights, (s, a) => s + a).ToArray(), State.Steps + 1);
        return weights;
    }

    /// <summary>Per row, α_d / p_d of its domain d, normalised so the rows' weights sum to 1.</summary>
    public double[] RowWeights(IReadOnlyList<int> domainOfRow, IReadOnlyList<double> sampling)
    {
        var raw = domainOfRow.Select(d => State.Weights[d] / sampling[d]).ToArray();
        var total = raw.Sum();
        return raw.Select(w => w / total).ToArray();
    }
}
