namespace ScalingApi.Laws.Chinchilla;

/// <summary>One domain's L(N, D) = E + A/N^α + B/D^β (D in tokens).</summary>
public sealed record ChinchillaLawParameters(double A, double B, double E, double Alpha, double Beta)
{
    public double Predict(double parameters, double tokens)
    {
        if (!(parameters > 0) || !double.IsFinite(parameters))
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters, "The model size N must be finite and > 0.");
        if (!(tokens > 0) || !double.IsFinite(tokens))
            throw new ArgumentOutOfRangeException(nameof(tokens), tokens, "The token count D must be finite and > 0.");
        return E + A * Math.Pow(parameters, -Alpha) + B * Math.Pow(tokens, -Beta);
    }

    internal static ChinchillaLawParameters FromTheta(ReadOnlySpan<double> theta) =>
        new(Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]), theta[3], theta[4]);

    /// <summary>ln L = LSE(a − α ln N, b − β ln D, e).</summary>
    internal static double LogPredict(ReadOnlySpan<double> theta, double logN, double logD)
    {
        var t1 = theta[0] - theta[3] * logN;
        var t2 = theta[1] - theta[4] * logD;
        var top = Math.Max(t1, Math.Max(t2, theta[2]));
        return top + Math.Log(Math.Exp(t1 - top) + Math.Exp(t2 - top) + Math.Exp(theta[2] - top));
    }
}
