namespace ScalingApi.Laws.BiMix;

/// <summary>
/// Fits BiMix per domain: log-space residuals, Huber or least squares, variable projection over
/// (α, β) with a non-negative 2×2 solve for (B, C), a multi-start grid and Levenberg–Marquardt
/// refinement in log parameters, then a seeded bootstrap over runs.
/// </summary>
public static class BiMixFitter
{
    /// <exception cref="InsufficientDataException">a domain has too few points to fit.</exception>
    public static BiMixFit Fit(BiMixData data, BiMixFitOptions options) => throw new NotImplementedException();
}

/// <summary>The data cannot support a fit (too few points, steps or runs). The message says which.</summary>
public sealed class InsufficientDataException(string message) : ArgumentException(message);
