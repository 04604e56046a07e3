namespace ScalingApi.Laws.BiMix;

public enum FitObjective { Huber, LeastSquares }

public sealed record BiMixFitOptions
{
    public FitObjective Objective { get; init; } = FitObjective.Huber;
    /// <summary>Huber threshold on log-space residuals, summed over points (Besiroglu et al.).</summary>
    public double HuberDelta { get; init; } = 1e-3;
    /// <summary>
    /// Bootstrap resamples of whole runs (with replacement, the same draw for every domain); 0 disables
    /// the bootstrap. A draw that leaves a domain with α at a single proportion (or too few points or
    /// steps) is redrawn from the same seeded stream, so intervals are conditional on the resample
    /// supporting the full-data model, and identical for a given <see cref="Seed"/>.
    /// </summary>
    public int BootstrapResamples { get; init; } = 200;
    public int Seed { get; init; }
    /// <summary>How the bootstrap resamples (see <see cref="BiMix.IntervalMethod"/>); Auto picks by the number of runs.</summary>
    public IntervalMethod Intervals { get; init; } = IntervalMethod.Auto;
    /// <summary>Threads for the per-domain fits and bootstrap refits; null = all cores. Results do not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}

/// <summary>How a domain's optimizer finished.</summary>
public sealed record FitDiagnostics(
    bool Converged,
    int Iterations,
    double Objective,
    double GradientNorm,
    int Points,
    /// <summary>Mean relative error |y − ŷ|/y over the points the law was fitted on.</summary>
    double InSampleRelativeError,
    /// <summary>R² of log loss over the fitted points.</summary>
    double InSampleLogR2,
    string? Message)
{
    /// <summary>Bootstrap refits of this domain whose optimizer did not converge (0 without a bootstrap).</summary>
    public int BootstrapUnconverged { get; init; }
}

/// <summary>Percentile interval (2.5 %, 97.5 % unless stated) from the bootstrap.</summary>
public sealed record Interval(double Lower, double Upper);

public sealed record ParameterIntervals(Interval B, Interval C, Interval? Alpha, Interval Beta);

public sealed record DomainFit(
    string Domain,
    DomainLaw Law,
    FitDiagnostics Diagnostics,
    ParameterIntervals? Intervals,
    /// <summary>Why α is null, or other caveats; null when there is nothing to say.</summary>
    string? Note)
{
    /// <summary>The proportions and steps the law was fitted on (null for fits stored before it was recorded).</summary>
    public ObservedRange? Observed { get; init; }

    /// <summary>The law's held-out extrapolation error in steps; null without a bootstrap or with fewer than 4 step levels.</summary>
    public ExtrapolationError? ExtrapolationError { get; init; }

    /// <summary>
    /// The law's held-out extrapolation error in proportion (end runs left out); null without a bootstrap, without α, or with
    /// fewer than three observed shares (and for fits stored before it was measured).
    /// </summary>
    public ProportionExtrapolationError? ProportionError { get; init; }

    /// <summary>
    /// α is fitted but the data cannot tell it from 0: the point or the interval's lower end sits at the lower edge of its
    /// range, or even the interval's upper end is below <see cref="NegligibleAlpha"/>. The loss then barely reacts to this
    /// domain's proportion within the data, and the law's push of that share to a bound rests on no evidence.
    /// </summary>
    public bool AlphaUnresolved() =>
        Law.Alpha is { } alpha && (alpha < EdgeAlpha || Intervals?.Alpha is { } interval && (interval.Lower < EdgeAlpha || interval.Upper < NegligibleAlpha));

    /// <summary>α below this (its box starts at 1e-6) changes a loss by under 0.05 % across proportions 0.01–1.</summary>
    public const double EdgeAlpha = 1e-4;

    /// <summary>α below this changes a loss by under 0.5 % per e-fold of proportion: within typical noise of a proxy run.</summary>
    public const double NegligibleAlpha = 5e-3;
}

/// <summary>
/// A fitted BiMix model over all domains. <see cref="BootstrapLaws"/>[k][i] is domain i's law
/// refitted on bootstrap resample k (runs drawn with replacement, the same draw for every domain),
/// so derived quantities (predictions, optimal mixtures) get intervals from the same draws.
/// </summary>
public sealed record BiMixFit(
    IReadOnlyList<string> Domains,
    IReadOnlyList<DomainFit> DomainFits,
    IReadOnlyList<IReadOnlyList<DomainLaw>> BootstrapLaws,
    int Seed)
{
    /// <summary>
    /// <c>run-bootstrap</c> or <c>residual-bootstrap</c> (<see cref="IntervalMethods"/>); null without a bootstrap.
    /// Fits stored before the residual bootstrap existed deserialize as null with laws present: those are run-bootstrap.
    /// </summary>
    public string? IntervalMethod { get; init; }

    /// <summary>What a user must know before trusting the intervals (one run, α unresolved, …); empty when nothing.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The method name whatever the fit's age: stored run-bootstrap fits carry no name.</summary>
    public string? EffectiveIntervalMethod => IntervalMethod ?? (BootstrapLaws.Count > 0 ? IntervalMethods.RunBootstrapName : null);
}
