using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Corpora;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Sweeps;
using ScalingApi.Host.Sweeps.Executors;
using ScalingApi.Host.Validation;

namespace ScalingApi.Host.Comparisons;

/// <summary>
/// <c>POST /api/experiments/{id}/comparisons</c>: the candidates' own rules, seeds, baseline, the run count within Sweeps:MaxRuns,
/// the averaged list, and the sweep it trains (preset, model, steps, checkpoints, executor). What needs the experiment
/// (domain names, saved mixtures, fits, corpus statistics, jobs, its tokenizer) is checked by <see cref="ComparisonLauncher"/>.
/// </summary>
public sealed class CreateComparisonRules(SweepExecutors executors, IOptions<SweepOptions> options) : IRequestValidator<CreateComparisonRequest>
{
    public List<FieldError> Validate(CreateComparisonRequest request)
    {
        var errors = new List<FieldError>();
        if (request.Candidates is null || request.Candidates.Count == 0) errors.Add(new("candidates", "is required: at least one candidate mixture"));
        var labels = ComparisonCandidates.Rules(request.Candidates, errors);
        var seeds = request.Seeds ?? ComparisonLauncher.DefaultSeeds;
        if (seeds is < 1 or > ComparisonLauncher.MaxSeeds) errors.Add(new("seeds", $"must be an integer in [1, {ComparisonLauncher.MaxSeeds}]"));
        var baseline = request.Baseline ?? MixtureKinds.Natural;
        var addNatural = request.Baseline is null && !labels.Contains(baseline);
        if (request.Baseline is not null && !labels.Contains(baseline))
            errors.Add(new("baseline", $"must be the label of a candidate; the labels are: {string.Join(", ", labels.OfType<string>())}"));
        var runCount = (labels.Count + (addNatural ? 1 : 0)) * seeds;
        if (runCount > options.Value.MaxRuns)
            errors.Add(new("candidates", $"candidates × seeds = {runCount} runs, more than the {options.Value.MaxRuns} a sweep may create (Sweeps:MaxRuns)"));
        if (request.AverageOver is { } averaged)
        {
            if (averaged.Count == 0) errors.Add(new("averageOver", "must name at least one domain (or be left out for all)"));
            if (averaged.Distinct().Count() != averaged.Count) errors.Add(new("averageOver", "names a domain twice"));
        }
        if (request.Preset is not null && !ProxyModelShapes.IsPreset(request.Preset))
            errors.Add(new("preset", $"unknown preset '{request.Preset}'; known: {string.Join(", ", ProxyModelShapes.PresetNames)}"));
        if (request.Preset is not null && request.Model is not null && request.Model.Preset != request.Preset)
            errors.Add(new("model.preset", $"differs from preset '{request.Preset}'; give one of them"));
        SweepValidator.Rules(ComparisonLauncher.SweepRequest(request), executors.Names, options.Value.DefaultExecutor, errors);
        return errors;
    }
}
