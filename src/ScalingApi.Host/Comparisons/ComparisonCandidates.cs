using System.Globalization;
using System.Text.Json;
using ScalingApi.Contracts;
using ScalingApi.Host.Corpora;
using ScalingApi.Host.MixtureMethods;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Fits;
using ScalingApi.Host.Sweeps;
using ScalingApi.Host.Validation;
using ScalingApi.Storage;
using ScalingApi.Storage.Comparisons;

namespace ScalingApi.Host.Comparisons;

/// <summary>A candidate turned into the mixture it trains (domain order), with what producing it cost.</summary>
/// <param name="Predicted">For <c>optimal</c>: the law's predicted loss per domain (domain order) at the comparison's steps.</param>
public sealed record ResolvedCandidate(
    string Label, string Kind, double[] Proportions, double? CostFlops, string? CostNote, Dictionary<string, object?> Source,
    double[]? Predicted = null);

/// <summary>
/// Turns comparison candidates into concrete mixtures through the service's existing answers: the mixture
/// kinds of <see cref="CorpusMixtures"/>, saved mixtures, and the optimal-mixture service of a fit.
/// </summary>
public sealed class ComparisonCandidates(
    CorpusMixtures corpusMixtures, NamedMixtures namedMixtures, OptimalMixtureService optimalMixtures, FitStore fits, RunStore runs, ComparisonStore store,
    MixtureMethodViews methodJobs)
{
    public const string SavedKind = "saved";
    public const string OptimalKind = "optimal";
    public const string CustomKind = "custom";

    /// <summary>Kinds a training job produces (DoReMi, Chameleon): they take a <c>job</c> and cost that job's proxy compute.</summary>
    public static readonly IReadOnlyList<string> TrainedKinds = ["doremi", "chameleon"];

    /// <summary>
    /// The rules of each candidate that need nothing stored (for the request validator): exactly one source, a valid label, a kind's
    /// options, a mixture summing to 1, an optimum's weights and bounds. Labels in candidate order, null where invalid.
    /// </summary>
    public static List<string?> Rules(IReadOnlyList<ComparisonCandidateSpec>? specs, List<FieldError> errors)
    {
        var labels = new List<string?>();
        for (var i = 0; i < (specs?.Count ?? 0); i++)
        {
            var spec = specs![i];
            var path = $"candidates[{i}]";
            if (spec is null) { errors.Add(new(path, "must be an object")); labels.Add(null); continue; }
            var sources = (spec.Kind is not null ? 1 : 0) + (spec.Saved is not null ? 1 : 0) + (spec.Optimal is not null ? 1 : 0) + (spec.Mixture is not null ? 1 : 0);
            if (sources != 1)
            {
                errors.Add(new(path, "give exactly one of kind, saved, optimal or mixture (with name)"));
                labels.Add(null);
                continue;
            }
            if (spec.Job is not null && !TrainedKinds.Contains(spec.Kind))
                errors.Add(new($"{path}.job", $"only applies to the kinds {string.Join(", ", TrainedKinds)}"));
            if (spec.Temperature is not null && spec.Kind is null)
                errors.Add(new($"{path}.temperature", "only applies to a kind"));
            if (spec.Mixture is not null && spec.Name is null && spec.Label is null)
                errors.Add(new($"{path}.name", "is required with mixture: it labels the candidate"));
            SourceRules(spec, path, errors);
            var label = Label(spec);
            if (spec.Name is not null) FieldRules.Name(spec.Name, $"{path}.name", errors);
            var before = errors.Count;
            if (label is not null) FieldRules.Name(label, spec.Label is not null ? $"{path}.label" : path, errors);
            labels.Add(errors.Count > before ? null : label);
        }
        foreach (var duplicate in labels.OfType<string>().GroupBy(l => l).Where(g => g.Count() > 1))
            errors.Add(new("candidates", $"two candidates are labelled '{duplicate.Key}'; give one of them a distinct label"));
        return labels;
    }

    /// <summary>What a candidate is called in the comparison: its label, else its name, saved mixture, "optimal" or kind.</summary>
    public static string? Label(ComparisonCandidateSpec spec) =>
        spec.Label ?? spec.Name ?? spec.Saved ?? (spec.Optimal is not null ? OptimalKind : KindLabel(spec));

    private static void SourceRules(ComparisonCandidateSpec spec, string path, List<FieldError> errors)
    {
        if (spec.Kind is not null) MixtureKinds.Validate(spec.Kind, spec.Temperature, null, $"{path}.", errors);
        else if (spec.Mixture is not null) MixtureValidator.Values(spec.Mixture, $"{path}.mixture", errors);
        else if (spec.Optimal is { } optimal)
        {
            // the optimiser's own rules, named where they sit in this request
            var own = new List<FieldError>();
            PlanningInputs.WeightValues(optimal.Weights, own);
            OptimalMixtureService.BoundValues(optimal.Bounds, optimal.DataLimits, own);
            errors.AddRange(own.Select(e => e with { Field = $"{path}.optimal.{e.Field}" }));
        }
    }

    /// <remarks>The candidate passed <see cref="Rules"/>; here what needs the experiment: its domains, saved mixtures, fits, corpus statistics, jobs.</remarks>
    /// <exception cref="DomainException"><see cref="InvalidInputException"/> bad mixture or optimiser input, <see cref="ConflictException"/> corpus statistics missing,
    /// <see cref="UnanswerableException"/> unknown saved mixture, fit of another experiment, no completed training job.</exception>
    public ResolvedCandidate Resolve(long experimentId, ComparisonCandidateSpec spec, string label, int index,
        IReadOnlyList<DomainRow> domains, string tokenizer, int steps)
    {
        var path = $"candidates[{index}]";
        if (spec.Kind is not null) return FromKind(experimentId, spec, label, path, domains, tokenizer);
        if (spec.Saved is not null)
        {
            var saved = namedMixtures.Find(experimentId, spec.Saved)
                        ?? throw new UnanswerableException($"{path}.saved", $"unknown saved mixture '{spec.Saved}' (see GET /api/experiments/{experimentId}/mixtures)");
            return new(label, SavedKind, MixturePlanner.InDomainOrder(saved.Mixture, domains), 0, null,
                new() { ["saved"] = saved.Name, ["frozenFrom"] = saved.Kind, ["temperature"] = saved.Temperature });
        }
        if (spec.Optimal is not null) return FromFit(experimentId, spec.Optimal, label, path, domains, steps);

        var errors = new List<FieldError>();
        var proportions = MixtureValidator.InDomainOrder(spec.Mixture!, domains.Select(d => d.Name).ToList(), $"{path}.mixture", errors);
        if (proportions is null) throw new InvalidInputException(errors);
        return new(label, CustomKind, proportions, 0, "posted as proportions: no training behind it", new() { ["name"] = spec.Name });
    }

    private static string? KindLabel(ComparisonCandidateSpec spec) => spec.Temperature is { } t
        ? $"{spec.Kind}-t{t.ToString(CultureInfo.InvariantCulture)}"
        : spec.Kind;

    private ResolvedCandidate FromKind(long experimentId, ComparisonCandidateSpec spec, string label, string path, IReadOnlyList<DomainRow> domains,
        string tokenizer)
    {
        var kind = spec.Kind!;
        var trained = TrainedKinds.Contains(kind);
        var computed = corpusMixtures.Compute(experimentId, kind, spec.Temperature, tokenizer, $"{path}.", trained ? spec.Job : null);
        // A trained kind costs the proxy compute of the job that produced it; training-free kinds cost nothing.
        var cost = trained ? computed.Provenance is { } p ? methodJobs.Find(p.JobId)?.Compute.EstimatedFlops : null : 0;
        return new(label, kind, MixturePlanner.InDomainOrder(computed.Mixture, domains),
            cost, trained && cost is null ? $"the proxy compute of the {kind} job is not recorded" : null,
            new() { ["kind"] = kind, ["temperature"] = computed.Temperature, ["tokenizer"] = computed.Tokenizer, ["job"] = computed.Provenance?.JobId ?? spec.Job, ["basis"] = computed.Basis });
    }

    private ResolvedCandidate FromFit(long experimentId, OptimalCandidateSpec spec, string label, string path, IReadOnlyList<DomainRow> domains, int steps)
    {
        var fit = fits.Find(spec.Fit) ?? throw new UnanswerableException($"{path}.optimal.fit", $"no fit {spec.Fit}");
        if (fit.ExperimentId != experimentId)
            throw new UnanswerableException($"{path}.optimal.fit",
                $"fit {spec.Fit} belongs to experiment {fit.ExperimentId}, not {experimentId}: its law knows other domains");

        OptimalMixtureResponse answer;
        try
        {
            answer = optimalMixtures.Optimize(spec.Fit, new OptimalMixtureRequest(Steps: steps, Weights: spec.Weights, Bounds: spec.Bounds, DataLimits: spec.DataLimits));
        }
        catch (DomainException e)
        {
            // the optimiser names its own fields (bounds.x, weights.y); say where they sit in this request
            throw e.WithFields(field => $"{path}.optimal.{field.TrimStart('.')}");
        }

        var runNames = fit.RunsJson is { } json ? JsonSerializer.Deserialize<List<string>>(json)! : null;
        var fitRuns = runNames ?? runs.List(experimentId).Select(r => r.Name).ToList();
        var (flops, unknown) = store.SweepFlops(experimentId, fitRuns);
        return new(label, OptimalKind, MixturePlanner.InDomainOrder(answer.Optimal.Mixture.ToDictionary(p => p.Key, p => p.Value.Value), domains),
            unknown == fitRuns.Count ? null : flops,
            unknown > 0 ? $"{unknown} of the fit's {fitRuns.Count} runs were not trained by a sweep; their compute is unknown" + (unknown < fitRuns.Count ? " and not counted" : "") : null,
            new() { ["fit"] = spec.Fit, ["steps"] = steps, ["predictedAverage"] = answer.Optimal.Average.Loss },
            domains.Select(d => answer.Optimal.Losses[d.Name].Loss).ToArray());
    }
}
