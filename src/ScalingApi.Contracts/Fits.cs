namespace ScalingApi.Contracts;

/// <summary>Which observations to keep out of the fit and score the law on.</summary>
/// <param name="Kind"><c>last-step</c> (per run, the final checkpoint) or <c>runs</c> (whole mixtures).</param>
/// <param name="Runs">Run names, for kind <c>runs</c>.</param>
public sealed record HoldoutSpec(string Kind, IReadOnlyList<string>? Runs = null);

/// <summary>Body of <c>POST /api/experiments/{id}/fits</c>.</summary>
/// <param name="Law">Only <c>bimix</c> for now.</param>
/// <param name="Objective"><c>huber</c> (log-space residuals, δ = 1e-3, summed) or <c>lsq</c>.</param>
/// <param name="Holdout">Optional hold-out evaluation.</param>
/// <param name="Bootstrap">Resamples of whole runs for intervals, 0..2000; default 200.</param>
/// <param name="Seed">Seed of the bootstrap; default 0.</param>
/// <param name="Runs">Fit only these runs (names); default every run of the experiment.</param>
/// <param name="Sweep">Fit only this sweep's runs (a sweep of the same experiment); with <paramref name="Runs"/>, the named runs must belong to it.</param>
public sealed partial record CreateFitRequest(
    string Law, string Objective = "huber", HoldoutSpec? Holdout = null, int? Bootstrap = null, int? Seed = null,
    IReadOnlyList<string>? Runs = null, long? Sweep = null);

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

/// <summary>One domain's law <c>L = A r^-alpha (B s^-beta + C)</c> with A = 1 (only A·B and A·C are identifiable).</summary>
/// <param name="Alpha">Null when the domain was observed at a single proportion; <see cref="Note"/> says so.</param>
public sealed record DomainFitResponse(
    string Domain,
    double A,
    double B,
    double C,
    double? Alpha,
    double Beta,
    ParameterIntervalsResponse? Intervals,
    DiagnosticsResponse Diagnostics,
    string? Note);

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
    long? Sweep = null);
