using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Corpora;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Sweeps;
using ScalingApi.Host.Sweeps.Executors;
using ScalingApi.Host.Validation;
using ScalingApi.Storage;
using ScalingApi.Storage.Comparisons;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Comparisons;

/// <summary>
/// Creates a comparison: resolves its candidates, then launches one sweep of candidates × seeds runs through
/// the ordinary sweep launcher, seed k of every candidate trained with training seed k (paired runs).
/// </summary>
public sealed class ComparisonLauncher(
    ExperimentStore experiments, ComparisonCandidates candidates, ComparisonStore store, SweepStore sweeps, SweepLauncher launcher,
    IOptions<SweepOptions> options, IOptions<JsonOptions> json)
{
    public const int DefaultSeeds = 3;
    public const int MaxSeeds = 10;
    public const int DefaultSteps = 200;
    public const int DefaultCheckpoints = 8;
    public const string DefaultPreset = "tiny";

    /// <returns>The new comparison's id.</returns>
    public async Task<long> CreateAsync(long experimentId, CreateComparisonRequest request, CancellationToken ct)
    {
        var experiment = experiments.Find(experimentId) ?? throw NotFoundException.Experiment(experimentId);
        var domains = experiments.Domains(experimentId);
        var errors = new List<FieldError>();
        var labels = request.Candidates.Select(ComparisonCandidates.Label).ToList();
        var seeds = request.Seeds ?? DefaultSeeds;
        var baseline = request.Baseline ?? MixtureKinds.Natural;
        var addNatural = request.Baseline is null && !labels.Contains(baseline);
        var averaged = AverageOver(request.AverageOver, domains, errors);
        var sweepRequest = SweepRequest(request);
        var steps = sweepRequest.Steps;
        var valid = SweepValidator.Resolve(sweepRequest, options.Value.DefaultExecutor, experiment.Tokenizer, errors);
        if (errors.Count > 0 || valid is null) throw new InvalidInputException(errors);

        var resolved = request.Candidates.Select((spec, i) => candidates.Resolve(experimentId, spec, labels[i]!, i, domains, valid.Tokenizer, steps)).ToList();
        if (addNatural)
            resolved.Add(candidates.Resolve(experimentId, new ComparisonCandidateSpec(Kind: MixtureKinds.Natural), baseline, resolved.Count, domains,
                valid.Tokenizer, steps));

        // seed-major task order: every seed's candidates train before the next seed starts, so complete pairs come early
        var planned = Enumerable.Range(1, seeds).SelectMany(seed => resolved.Select(c => new PlannedMixture($"{c.Label}-s{seed}", c.Proportions, seed))).ToList();
        sweepRequest = sweepRequest with
        {
            Mixtures = planned.Select(p => new SweepMixtureSpec(p.Name, domains.Select((d, i) => (d.Name, p.Proportions[i])).ToDictionary())).ToList(),
        };

        long comparisonId = 0;
        await launcher.LaunchAsync(experimentId, sweepRequest, valid, planned, (sweepId, runIds) =>
        {
            comparisonId = store.Insert(new ComparisonRow
            {
                ExperimentId = experimentId, SweepId = sweepId, Name = request.Name ?? sweeps.Find(sweepId)!.Name, Baseline = baseline, Seeds = seeds,
                AveragedJson = JsonSerializer.Serialize(averaged), RequestJson = JsonSerializer.Serialize(request, json.Value.SerializerOptions),
            });
            for (var c = 0; c < resolved.Count; c++)
            {
                var candidate = resolved[c];
                var source = new Dictionary<string, object?>(candidate.Source);
                if (candidate.Predicted is { } predicted) source["predictedLosses"] = domains.Select((d, i) => (d.Name, predicted[i])).ToDictionary();
                if (candidate.CostNote is { } note) source["costNote"] = note;
                store.InsertCandidate(new ComparisonCandidateRow
                {
                    ComparisonId = comparisonId, Position = c, Label = candidate.Label, Kind = candidate.Kind,
                    MixtureJson = JsonSerializer.Serialize(domains.Select((d, i) => (d.Name, candidate.Proportions[i])).ToDictionary()),
                    CostFlops = candidate.CostFlops, SourceJson = JsonSerializer.Serialize(source),
                });
            }
            for (var task = 0; task < runIds.Count; task++)
                store.InsertRun(new ComparisonRunRow(comparisonId, task % resolved.Count, task / resolved.Count + 1, runIds[task]));
        }, ct);
        return comparisonId;
    }

    /// <summary>The sweep a comparison trains, before its mixtures (the resolved candidates × seeds) are filled in.</summary>
    public static CreateSweepRequest SweepRequest(CreateComparisonRequest request)
    {
        var steps = request.Steps ?? DefaultSteps;
        return new CreateSweepRequest(
            [new SweepMixtureSpec()], request.Model ?? new ProxyModelSpec(ProxyModelShapes.IsPreset(request.Preset) ? request.Preset! : DefaultPreset), steps,
            request.Checkpoints ?? new CheckpointSpec(Count: Math.Clamp(steps, 1, DefaultCheckpoints), Spacing: "linear"),
            request.Name, Seed: 1, request.Executor);
    }

    /// <summary>The averaged domains in the experiment's order; the list's own rules (not empty, no repeats) have run (<see cref="CreateComparisonRules"/>).</summary>
    private static List<string> AverageOver(IReadOnlyList<string>? names, IReadOnlyList<DomainRow> domains, List<FieldError> errors)
    {
        if (names is null) return domains.Select(d => d.Name).ToList();
        for (var i = 0; i < names.Count; i++)
            if (!domains.Any(d => d.Name == names[i])) errors.Add(new($"averageOver[{i}]", UnknownDomain.Rule(names[i], domains.Select(d => d.Name))));
        return domains.Select(d => d.Name).Where(names.Contains).ToList();
    }
}
