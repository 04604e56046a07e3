namespace ScalingApi.Training.DoReMi;

/// <summary>
/// Group-DRO training of a DoReMi proxy (docs/science.md §3): every step the reference model scores the same batch,
/// the domain weights α move towards the domains where the proxy trails the reference, and the proxy's loss
/// weights each sequence of domain i by α_i / p_i.
/// </summary>
/// <param name="ReferenceCheckpoint">Checkpoint directory (<c>step-…</c>) of the reference model; it must have the proxy's shape.</param>
/// <param name="Eta">Step size η of the log-space update.</param>
/// <param name="Smoothing">c in α = (1 − c)·softmax + c/k.</param>
/// <param name="TrajectoryEvery">Report α_t every this many steps (and at the last step).</param>
public sealed record DoReMiOptions(string ReferenceCheckpoint, double Eta = 1.0, double Smoothing = 1e-3, int TrajectoryEvery = 10)
{
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ReferenceCheckpoint)) throw new ArgumentException("is required", nameof(ReferenceCheckpoint));
        if (!double.IsFinite(Eta) || Eta <= 0) throw new ArgumentException("must be finite and > 0", nameof(Eta));
        if (!(Smoothing is >= 0 and <= 1)) throw new ArgumentException("must be in [0, 1]", nameof(Smoothing));
        if (TrajectoryEvery < 1) throw new ArgumentException("must be at least 1", nameof(TrajectoryEvery));
    }
}

/// <summary>
/// Everything the Group-DRO update carries from step to step, saved with each checkpoint so a resumed run
/// continues with exactly the weights, scores and running sum the interrupted one had.
/// </summary>
/// <param name="Weights">α_t, the current domain weights.</param>
/// <param name="Scores">λ per domain: the last clipped excess loss of every domain (ln(vocab) before a domain is first seen).</param>
/// <param name="WeightSum">Σ α_t over the steps taken, for the average that is DoReMi's result.</param>
/// <param name="Steps">How many updates the sum holds.</param>
public sealed record DoReMiState(double[] Weights, double[] Scores, double[] WeightSum, int Steps)
{
    public double[] AverageWeights => Steps == 0 ? Weights.ToArray() : WeightSum.Select(s => s / Steps).ToArray();
}
