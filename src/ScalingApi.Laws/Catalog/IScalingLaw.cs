using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Schedules;

namespace ScalingApi.Laws.Catalog;

/// <summary>
/// One scaling law the service can fit. Every law reads the same data (runs with their mixtures and
/// optional model size and learning-rate schedule, per-domain losses at steps) and yields a
/// <see cref="IFittedLaw"/> that predicts at any <see cref="LawPoint"/>. Adding a law is one type
/// implementing this interface, listed in <see cref="LawCatalog"/>.
/// </summary>
public interface IScalingLaw
{
    /// <summary>The name requests use (<c>law: "…"</c>).</summary>
    string Name { get; }

    /// <summary>The law's equation, as the fit response shows it.</summary>
    string Formula { get; }

    /// <summary>The parameter names of one domain, in the order <see cref="DomainParameters.Values"/> lists them.</summary>
    IReadOnlyList<string> ParameterNames { get; }

    /// <summary>Why the law cannot be fitted to these data (too few mixtures, no model sizes…), or null when it can.</summary>
    string? Inapplicable(BiMixData data, LawFitOptions options);

    /// <exception cref="InsufficientDataException">the data cannot support the fit (the message says why).</exception>
    IFittedLaw Fit(BiMixData data, LawFitOptions options);
}

/// <summary>Options every law understands; a law ignores what it has no use for.</summary>
public sealed record LawFitOptions
{
    public FitObjective Objective { get; init; } = FitObjective.Huber;
    /// <summary>Huber threshold on log-space residuals, summed over points.</summary>
    public double HuberDelta { get; init; } = 1e-3;
    /// <summary>Bootstrap resamples of whole runs; 0 disables intervals.</summary>
    public int BootstrapResamples { get; init; } = 200;
    public int Seed { get; init; }
    /// <summary>Tokens per step of the data's step axis: laws in tokens (Chinchilla's D) use D = step × this.</summary>
    public double? TokensPerStep { get; init; }
    /// <summary>The step at which mixture-only laws (Data Mixing Laws) read the losses; null = the runs' common last step.</summary>
    public double? AtStep { get; init; }
    public int? MaxDegreeOfParallelism { get; init; }
    /// <summary>Schedule-aware laws: λ of the annealing momentum (<see cref="AnnealingArea"/>); Tissue et al.'s 0.999 unless said.</summary>
    public double AnnealingDecay { get; init; } = AnnealingArea.Decay;
}

/// <summary>
/// Where to predict: a mixture (domain order), a step on the data axis, and what some laws also need:
/// the model size N and the learning-rate schedule of the run.
/// </summary>
public sealed record LawPoint(IReadOnlyList<double> Mixture, double Step)
{
    public double? Parameters { get; init; }
    public LrSchedule? Schedule { get; init; }

    /// <summary>The point of one run's checkpoint.</summary>
    public static LawPoint Of(RunMixture run, double step) =>
        new(run.Proportions, step) { Parameters = run.Parameters, Schedule = run.Schedule };
}

/// <summary>One domain's fitted parameters (names as <see cref="IScalingLaw.ParameterNames"/>) with bootstrap intervals.</summary>
public sealed record DomainParameters(
    string Domain,
    IReadOnlyList<double?> Values,
    IReadOnlyList<Interval?>? Intervals,
    FitDiagnostics Diagnostics,
    string? Note);

/// <summary>A law fitted to data.</summary>
public interface IFittedLaw
{
    string Law { get; }
    IReadOnlyList<string> Domains { get; }
    IReadOnlyList<DomainParameters> Parameters { get; }

    /// <summary>The names of <see cref="DomainParameters.Values"/>: the law's own, unless they depend on the data (one exponent per domain).</summary>
    IReadOnlyList<string> ParameterNames => LawCatalog.Find(Law)!.ParameterNames;

    /// <summary>Free parameters over all domains (what a comparison should weigh against accuracy).</summary>
    int ParameterCount { get; }

    /// <summary>Bootstrap resamples behind the intervals (0 = none).</summary>
    int BootstrapResamples { get; }

    /// <summary>The one step the law describes (mixture-only laws fitted at a fixed step); null when it predicts at any step.</summary>
    double? FixedStep => null;

    /// <summary>Domain <paramref name="domain"/>'s loss at the point, from the fitted parameters (no intervals).</summary>
    /// <exception cref="ArgumentException">the point lacks what the law needs; the message says what.</exception>
    double PredictDomain(int domain, LawPoint point);

    /// <summary>Per-domain losses at the point with percentile intervals, and their weighted average.</summary>
    /// <exception cref="ArgumentException">the point lacks what the law needs (e.g. parameters for Chinchilla); the message says what.</exception>
    MixturePrediction Predict(LawPoint point, IReadOnlyList<double>? weights = null);
}
