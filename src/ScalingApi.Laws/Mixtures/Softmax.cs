namespace ScalingApi.Laws.Mixtures;

internal static class Softmax
{
    /// <summary>exp(x_i/τ) / Σ exp(x_j/τ), shifted by the maximum so no exponent overflows.</summary>
    public static double[] Of(IReadOnlyList<double> values, double temperature, string parameterName)
    {
        if (values.Count == 0) throw new ArgumentException("At least one value is needed.", parameterName);
        if (values.Any(v => !double.IsFinite(v))) throw new ArgumentException("Values must be finite.", parameterName);
        if (!(temperature > 0) || !double.IsFinite(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be finite and > 0.");
        var max = values.Max();
        var exp = values.Select(v => Math.Exp((v - max) / temperature)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => e / sum).ToArray();
    }
}
