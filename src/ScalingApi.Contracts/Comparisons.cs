using ScalingApi.Contracts.Workers;

namespace ScalingApi.Contracts;

/// <summary>
/// Body of <c>POST /api/experiments/{id}/comparisons</c>: train every candidate mixture with the same seeds
/// (paired: seed k gives every candidate the same initialisation and per-domain data order) and compare them.
/// </summary>
/// <param name="Candidates">The mixtures to compare; each gets a label (see <see cref="ComparisonCandidateSpec"/>).</param>
/// <param name="Name">Prefix of the runs' names and the comparison's name; default <c>sweep-{id}</c> of its sweep.</param>
/// <param name="Preset">Proxy model preset (<c>tiny</c>, <c>small</c>, <c>base</c>); default <c>tiny</c>.</param>
/// <param name="Steps">Training steps per run; default 200.</param>
/// <param name="Seeds">Repetitions per candidate, seeds 1…n; default 3, at most 10.</param>
/// <param name="Baseline">Label of the candidate the others are compared with; default <c>natural</c> (added as a
/// candidate when no candidate has that label).</param>
/// <param name="Executor"><c>local</c> or <c>slurm</c>; default from <c>Sweeps:DefaultExecutor</c>.</param>
/// <param name="Model">Optional overrides of the preset's shape (layers, heads, modelWidth, contextLength, batchSize).</param>
/// <param name="Checkpoints">Where validation losses are recorded; default 8 linearly spaced checkpoints.</param>
/// <param name="AverageOver">Domains the average loss, the worst domain and the improved count are over; default all.</param>
public sealed record CreateComparisonRequest(
    IReadOnlyList<ComparisonCandidateSpec> Candidates,
    string? Name = null,
    string? Preset = null,
    int? Steps = null,
    int? Seeds = null,
    string? Baseline = null,
    string? Executor = null,
    ProxyModelSpec? Model = null,
    CheckpointSpec? Checkpoints = null,
    IReadOnlyList<string>? AverageOver = null);

/// <summary>
/// One candidate: exactly one of <c>kind</c> (<c>natural</c>, <c>uniform</c>, <c>entropy-se|je|ce|vne</c> with an optional
/// <c>temperature</c>; <c>doremi</c> or <c>chameleon</c> with an optional <c>job</c>), <c>saved</c> (a saved mixture's name),
/// <c>optimal</c> (the fitted law's optimum at the comparison's budget) or <c>mixture</c> with a <c>name</c>.
/// </summary>
/// <param name="Label">Overrides the default label (the kind, the saved name, <c>optimal</c> or the name).</param>
public sealed record ComparisonCandidateSpec(
    string? Kind = null,
    double? Temperature = null,
    long? Job = null,
    string? Saved = null,
    OptimalCandidateSpec? Optimal = null,
    string? Name = null,
    IReadOnlyDictionary<string, double>? Mixture = null,
    string? Label = null);

/// <summary>The optimal mixture of a fit of the same experiment, as <c>POST /api/fits/{fit}/optimal-mixture</c> answers it at the comparison's steps.</summary>
public sealed record OptimalCandidateSpec(
    long Fit,
    IReadOnlyDictionary<string, ProportionRange>? Bounds = null,
    DataLimits? DataLimits = null,
    IReadOnlyDictionary<string, double>? Weights = null);

/// <summary>A comparison: its sweep's progress while it runs, the paired table once every run has finished.</summary>
/// <param name="Status">The sweep's status: <c>pending</c>, <c>running</c>, <c>completed</c>, <c>failed</c>, <c>cancelled</c>.</param>
/// <param name="AverageOver">Domains the average loss is over.</param>
/// <param name="SeedsCompared">Seeds whose runs completed for every candidate (the statistics use only those).</param>
/// <param name="Results">Per candidate, ranked; null until at least one seed has completed for every candidate and the sweep is final.</param>
public sealed record ComparisonResponse(
    long Id,
    long ExperimentId,
    string Name,
    long SweepId,
    string Status,
    string Baseline,
    int Seeds,
    int Steps,
    IReadOnlyList<string> AverageOver,
    DateTimeOffset CreatedAt,
    SweepTotals Progress,
    SweepCompute Compute,
    IReadOnlyList<ComparisonCandidateResponse> Candidates,
    int SeedsCompared,
    IReadOnlyList<ComparisonResult>? Results);

/// <param name="CostFlops">FLOPs spent producing the mixture: 0 for training-free kinds, the proxy runs behind a fit for
/// <c>optimal</c>; null when unknown (<see cref="CostNote"/> says why).</param>
/// <param name="Source">Where the mixture came from (saved name, fit id, temperature, …).</param>
public sealed record ComparisonCandidateResponse(
    string Label,
    string Kind,
    IReadOnlyDictionary<string, double> Mixture,
    double? CostFlops,
    string? CostNote,
    IReadOnlyDictionary<string, object?> Source);

/// <summary>A mean over seeds and its sample standard deviation (null for one seed).</summary>
public sealed record SeedStatistic(double Mean, double? Sd);

/// <summary>Candidate minus baseline, seed by seed, on the average loss, with the 95 % Student-t interval over seeds.</summary>
/// <param name="Better">The interval lies wholly below 0; null with one seed.</param>
/// <param name="Worse">The interval lies wholly above 0; null with one seed.</param>
/// <param name="DomainsImproved">Averaged domains whose mean paired difference is below 0.</param>
/// <param name="Domains">Mean paired difference per domain.</param>
public sealed record BaselineDifference(
    double Mean, double? Sd, double? Lower, double? Upper, bool? Better, bool? Worse, int DomainsImproved, int DomainsAveraged,
    IReadOnlyDictionary<string, double> Domains);

/// <param name="Rank">1 for the lowest mean average loss.</param>
/// <param name="Losses">Final validation loss per domain over seeds.</param>
/// <param name="WorstDomain">The averaged domain with the highest mean final loss.</param>
/// <param name="StepsToBaseline">First checkpoint step whose mean average loss is at or below the baseline's final one; null if never.</param>
/// <param name="Speedup">Final step ÷ <see cref="StepsToBaseline"/>.</param>
/// <param name="Calibration">For <c>optimal</c> candidates: the law's predicted losses next to the realised ones.</param>
public sealed record ComparisonResult(
    string Label,
    int Rank,
    IReadOnlyDictionary<string, double> Mixture,
    IReadOnlyDictionary<string, SeedStatistic> Losses,
    SeedStatistic Average,
    string WorstDomain,
    double WorstLoss,
    BaselineDifference VersusBaseline,
    int? StepsToBaseline,
    double? Speedup,
    double? CostFlops,
    ComparisonCalibration? Calibration);

/// <summary>Predicted (the law at the comparison's steps) against realised (mean over seeds) losses.</summary>
public sealed record ComparisonCalibration(
    IReadOnlyDictionary<string, double> Predicted,
    IReadOnlyDictionary<string, double> Realised,
    double PredictedAverage,
    double RealisedAverage);
