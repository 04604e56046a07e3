namespace ScalingApi.Contracts;

/// <summary>Which observations to keep out of the fit and score the law on.</summary>
/// <param name="Kind"><c>last-step</c> (per run, the final checkpoint) or <c>runs</c> (whole mixtures).</param>
/// <param name="Runs">Run names, for kind <c>runs</c>.</param>
public sealed record HoldoutSpec(string Kind, IReadOnlyList<string>? Runs = null);

/// <summary>Body of <c>POST /api/experiments/{id}/fits</c>.</summary>
/// <param name="Law"><c>bimix</c> (default), <c>chinchilla</c>, <c>dml</c>, <c>bimix-lr</c> or <c>bimix-lr-bound</c> (docs/laws.md).</param>
/// <param name="Objective"><c>huber</c> (log-space residuals, δ = 1e-3, summed) or <c>lsq</c>.</param>
/// <param name="Holdout">Optional hold-out evaluation.</param>
/// <param name="Bootstrap">Resamples of whole runs for intervals, 0..2000; default 200.</param>
/// <param name="Seed">Seed of the bootstrap; default 0.</param>
/// <param name="Runs">Fit only these runs (names); default every run of the experiment.</param>
/// <param name="Sweep">Fit only this sweep's runs (a sweep of the same experiment); with <paramref name="Runs"/>, the named runs must belong to it.</param>
/// <param name="Intervals">How the bootstrap resamples: <c>auto</c> (default: <c>parametric-bootstrap</c> below 12 runs, else
/// <c>run-bootstrap</c>), <c>run-bootstrap</c> (whole runs with replacement) or <c>parametric-bootstrap</c> (new losses around the
/// fitted curves from a noise model fitted to the residuals). See docs/uncertainty.md.</param>
public sealed partial record CreateFitRequest(
    string Law, string Objective = "huber", HoldoutSpec? Holdout = null, int? Bootstrap = null, int? Seed = null,
    IReadOnlyList<string>? Runs = null, long? Sweep = null, string? Intervals = null);

public sealed record IntervalResponse(double Lower, double Upper);

public sealed record ParameterIntervalsResponse(IntervalResponse B, IntervalResponse C, IntervalResponse? Alpha, IntervalResponse Beta);

/// <summary>How the domain's optimizer finished. Non-finite numbers (e.g. R² of a constant series) are null.</summary>
/// <param name="InSampleRelativeError">Mean |y − ŷ|/y over the fitted points.</param>
/// <param name="InSampleLogR2">R² of log loss over the fitted points.</param>
/// <param name="BootstrapUnconverged">Bootstrap refits whose optimizer did not converge.</param>
public sealed record DiagnosticsResponse(
    bool Converged,
    int Iterations,
    double? Objective,
    double? GradientNorm,
    int Points,
    double? InSampleRelativeError,
    double? InSampleLogR2,
    int BootstrapUnconverged,
    string? Message);

/// <summary>
/// The trust region of a domain's law: the proportions and steps (tokens, when the experiment has tokensPerStep) it was
/// fitted on. Predictions outside it are extrapolations; the optimizer keeps to the proportions unless asked not to.
/// </summary>
public sealed record ObservedRangeResponse(double MinProportion, double MaxProportion, double MinSteps, double MaxSteps,
    double? MinTokens = null, double? MaxTokens = null);

/// <summary>
/// The law's own extrapolation error in steps, from held-out checkpoints (each run's last quarter of step levels refitted
/// without, then predicted). <c>perLogStepRatio</c> &gt; 0 only when the held-out errors exceed what noise and parameter
/// uncertainty explain (χ² test at 5 %); beyond the last observed step, predictions' intervals then widen by a log-loss
/// sd of perLogStepRatio · ln(steps / lastObservedSteps).
/// </summary>
public sealed record ExtrapolationErrorResponse(double PerLogStepRatio, double LastObservedSteps, double Statistic, double Critical, int HeldOutRuns);

/// <summary>
/// The law's own extrapolation error in proportion, from leaving out the run at each end of the domain's observed
/// proportions (refitted without it, its mean loss predicted from the other runs). <c>perLogProportion</c> &gt; 0 only when
/// those errors exceed what noise and parameter uncertainty explain (χ² test at 5 %); at a share outside
/// [minProportion, maxProportion], predictions' intervals then widen by a log-loss sd of perLogProportion · ln-distance to that range.
/// </summary>
public sealed record ProportionErrorResponse(double PerLogProportion, double MinProportion, double MaxProportion, double Statistic, double Critical, int HeldOutRuns);

/// <summary>One domain's law <c>L = A r^-alpha (B s^-beta + C)</c> with A = 1 (only A·B and A·C are identifiable).</summary>
/// <param name="Alpha">Null when the domain was observed at a single proportion; <see cref="Note"/> says so.</param>
/// <param name="Observed">The proportions and steps the law was fitted on (null for fits stored before it was recorded).</param>
/// <param name="ExtrapolationError">Held-out extrapolation error; null without a bootstrap or with fewer than 4 checkpoints.</param>
/// <param name="ProportionError">Held-out extrapolation error in proportion; null without a bootstrap, without alpha or with fewer than 3 observed shares.</param>
/// <param name="AlphaUnresolved">True when the data cannot tell alpha from 0 (alpha or its lower end below 1e-4, or its upper end below 0.005): the optimizer leaves this share undetermined.</param>
public sealed record DomainFitResponse(
    string Domain,
    double A,
    double B,
    double C,
    double? Alpha,
    double Beta,
    ParameterIntervalsResponse? Intervals,
    DiagnosticsResponse Diagnostics,
    string? Note,
    ObservedRangeResponse? Observed = null,
    ExtrapolationErrorResponse? ExtrapolationError = null,
    bool AlphaUnresolved = false,
    ProportionErrorResponse? ProportionError = null);

public sealed record MetricSummaryResponse(double? Mean, double? Worst, double? Best);

/// <summary>The paper's hold-out metric: relative error (last-step) or log-space R² (runs), per domain and mean/worst/best over domains.</summary>
/// <param name="Metric"><c>relative-error</c> or <c>log-r2</c>.</param>
/// <param name="Unscored">Domains that could not be scored, with the reason.</param>
public sealed record HoldoutResponse(
    string Kind,
    string Metric,
    IReadOnlyList<string>? Runs,
    IReadOnlyDictionary<string, double?> PerDomain,
    MetricSummaryResponse Summary,
    IReadOnlyDictionary<string, string> Unscored);

/// <param name="Convention">How to read the parameters (A = 1).</param>
/// <param name="Bootstrap">Bootstrap resamples used for the intervals.</param>
/// <param name="Runs">The runs the fit used (training and held-out), in run order; null for fits stored before selection existed.</param>
/// <param name="Sweep">The sweep the runs were selected from, when the request named one.</param>
/// <param name="IntervalMethod">What produced the intervals: <c>run-bootstrap</c> or <c>parametric-bootstrap</c> (whose intervals are
/// t-calibrated: widened for the estimated noise level and finite resamples); null without a bootstrap.</param>
/// <param name="Warnings">What to read before trusting the intervals (a single run, too few runs for the run bootstrap, alpha unresolved); empty when nothing.</param>
public sealed partial record FitResponse(
    long Id,
    long ExperimentId,
    string Law,
    string Objective,
    int Bootstrap,
    int Seed,
    string Convention,
    IReadOnlyList<DomainFitResponse> Domains,
    HoldoutResponse? Holdout,
    double ElapsedMs,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string>? Runs = null,
    long? Sweep = null,
    string? IntervalMethod = null,
    IReadOnlyList<string>? Warnings = null);
