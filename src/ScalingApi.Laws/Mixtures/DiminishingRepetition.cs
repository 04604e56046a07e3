namespace ScalingApi.Laws.Mixtures;

/// <summary>
/// Muennighoff et al. (2023), "Scaling Data-Constrained Language Models": with U unique tokens and D ≥ U
/// tokens seen, the R = D/U − 1 repeated epochs are worth D′ = U + U·R*·(1 − e^(−R/R*)) unique tokens,
/// R* = 15.387756 (their fitted decay). Repetition is never worthless but saturates at U·(1 + R*).
/// In BiMix a domain's proportion stands for its share of the run's tokens, so a domain given the share r
/// of a T-token run counts with the effective proportion r′ = D′(rT) / T (docs/laws.md derives it).
/// </summary>
public sealed class DiminishingRepetition
{
    public const double DecayEpochs = 15.387756;

    private readonly double[] _uniqueTokens;
    private readonly double _totalTokens;

    /// <param name="uniqueTokens">Per domain, its unique tokens U_i (≥ 0).</param>
    /// <param name="totalTokens">Tokens of the planned run T (&gt; 0).</param>
    public DiminishingRepetition(IReadOnlyList<double> uniqueTokens, double totalTokens)
    {
        if (uniqueTokens.Any(u => !(u >= 0) || !double.IsFinite(u)))
            throw new ArgumentOutOfRangeException(nameof(uniqueTokens), "Unique tokens must be finite and ≥ 0.");
        if (!(totalTokens > 0) || !double.IsFinite(totalTokens))
            throw new ArgumentOutOfRangeException(nameof(totalTokens), totalTokens, "Total tokens must be finite and > 0.");
        _uniqueTokens = [.. uniqueTokens];
        _totalTokens = totalTokens;
    }

    /// <summary>D′ for D tokens seen of a domain with U unique tokens: D itself up to one epoch.</summary>
    public static double EffectiveTokens(double tokens, double uniqueTokens)
    {
        if (tokens <= uniqueTokens) return tokens;
        if (uniqueTokens <= 0) return 0;
        var repeats = tokens / uniqueTokens - 1;
        return uniqueTokens + uniqueTokens * DecayEpochs * -double.ExpM1(-repeats / DecayEpochs);
    }

    /// <summary>r′_i = D′(r_i T) / T.</summary>
    public double EffectiveProportion(int domain, double proportion) =>
        EffectiveTokens(proportion * _totalTokens, _uniqueTokens[domain]) / _totalTokens;

    /// <summary>dr′/dr: 1 up to one epoch, then e^(−R/R*).</summary>
    public double Slope(int domain, double proportion)
    {
        var u = _uniqueTokens[domain];
        var tokens = proportion * _totalTokens;
        if (tokens <= u) return 1;
        return Math.Exp(-(tokens / u - 1) / DecayEpochs);
    }

    public double[] EffectiveMixture(IReadOnlyList<double> mixture) =>
        mixture.Select((r, i) => EffectiveProportion(i, r)).ToArray();
}
