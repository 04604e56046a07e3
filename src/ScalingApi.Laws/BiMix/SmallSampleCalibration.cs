using MathNet.Numerics.Distributions;
using ScalingApi.Laws.Statistics;

namespace ScalingApi.Laws.BiMix;

/// <summary>
/// Small-sample calibration of the parametric bootstrap's percentile intervals. The percentile range of the resampled
/// laws treats two estimates as exact, and both are not:
/// <list type="bullet">
/// <item>the noise level σ̂ the resamples are drawn with is itself estimated from a domain's residuals, with n − p degrees
/// of freedom: a spread proportional to σ̂ gives a Student-t pivot, so the 97.5 % point is t_{n−p} rather than the normal
/// 1.96;</item>
/// <item>the 2.5 % and 97.5 % percentiles of B resamples are Monte Carlo estimates (about five draws lie beyond each).
/// They sit inside the true quantiles on average (type-7 interpolation between the extreme draws: with B = 200 the
/// expected end is 1.911 sd from the centre, not 1.960, Blom's approximation of normal order statistics), and they scatter:
/// an end with relative variance v covers less than its nominal share on average, by ½ z³ φ(z) v per side, which a
/// widening of ½ z² v restores; for a normal spread v = q(1 − q) / (B φ(z)² z²) at q = 2.5 %.</item>
/// </list>
/// The interval is widened about the draws' median, in log space (losses and parameters are positive, so a widened lower
/// end stays positive), by κ = t_{n−p}(0.975) / z_B · (1 + q(1 − q) / (2 B φ(z)²)), z_B the expected end of B draws.
/// With 4 runs × 20 checkpoints (n − p = 76) and 200 resamples κ ≈ 1.061; it falls towards 1 with more data and more
/// resamples, and grows fast when a domain has barely more points than parameters. The run bootstrap is left as it is:
/// its spread is estimated from the runs, not from σ̂.
/// </summary>
public static class SmallSampleCalibration
{
    private const double TailShare = Percentile.Lower;

    /// <summary>κ for a spread drawn with a noise level of <paramref name="noiseDegreesOfFreedom"/> residual degrees of freedom
    /// and read off <paramref name="resamples"/> bootstrap draws.</summary>
    public static double Factor(int resamples, int noiseDegreesOfFreedom)
    {
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "At least one resample.");
        var z = Normal.InvCDF(0, 1, 1 - TailShare);
        var t = StudentT.InvCDF(0, 1, Math.Max(1, noiseDegreesOfFreedom), 1 - TailShare);
        // Where the type-7 percentile of B normal draws lands on average: at rank q(B − 1) + 1, whose expected value Blom's
        // approximation puts at Φ⁻¹((rank − 0.375) / (B + 0.25)); inside z (1.911 instead of 1.960 for B = 200).
        var reached = -Normal.InvCDF(0, 1, (TailShare * (resamples - 1) + 0.625) / (resamples + 0.25));
        var density = Normal.PDF(0, 1, z);
        return t / reached * (1 + TailShare * (1 - TailShare) / (2 * resamples * density * density));
    }

    /// <summary>Residual degrees of freedom of a domain's noise level: its fitted points minus its parameters (b, c, β[, α]).</summary>
    public static int NoiseDegreesOfFreedom(int points, DomainLaw law) => points - (law.Alpha is null ? 3 : 4);

    /// <summary>Per domain, κ for this fit's intervals; null when they are not parametric-bootstrap intervals (nothing to calibrate).</summary>
    public static double[]? Factors(BiMixFit fit) =>
        fit.BootstrapLaws.Count == 0 || fit.EffectiveIntervalMethod != IntervalMethods.ParametricBootstrapName
            ? null
            : fit.DomainFits.Select(d => Factor(fit.BootstrapLaws.Count, NoiseDegreesOfFreedom(d.Diagnostics.Points, d.Law))).ToArray();

    /// <summary>
    /// The central 95 % interval of positive <paramref name="draws"/>, each end moved away from the draws' median by
    /// <paramref name="factor"/> in log space (1 = the plain percentile interval). Sorts <paramref name="draws"/> in place.
    /// </summary>
    public static Interval Widened(double[] draws, double factor)
    {
        Array.Sort(draws);
        var lower = Percentile.OfSorted(draws, Percentile.Lower);
        var upper = Percentile.OfSorted(draws, Percentile.Upper);
        if (factor == 1 || !(lower > 0)) return new Interval(lower, upper);
        var median = Math.Log(Percentile.OfSorted(draws, 0.5));
        return new Interval(Math.Exp(median - factor * (median - Math.Log(lower))), Math.Exp(median + factor * (Math.Log(upper) - median)));
    }
}
