using ScalingApi.Host.Errors;
using ScalingApi.Laws.BiMix;
using ScalingApi.Storage;

namespace ScalingApi.Host.Fits;

/// <summary>An experiment as the numerics see it: domains in position order, runs with mixtures, observations by index.</summary>
public sealed record ExperimentData(ExperimentRow Experiment, IReadOnlyList<DomainRow> Domains, BiMixData Data)
{
    public IReadOnlyList<string> DomainNames => Data.Domains;
}

public sealed class ExperimentDataLoader(ExperimentStore experiments, RunStore runs, ObservationStore observations, RunModelStore runModels)
{
    /// <summary>The experiment's tokensPerStep (null when it has none or does not exist).</summary>
    public double? TokensPerStep(long experimentId) => experiments.Find(experimentId)?.TokensPerStep;

    /// <summary>Loads everything a fit needs.</summary>
    /// <remarks>
    /// The law's <c>s</c> is data quantity: when a run overrides tokensPerStep, its steps are rescaled
    /// to the experiment's step size (s = step · run tokensPerStep / experiment tokensPerStep) so runs
    /// with different batch sizes share one axis.
    /// </remarks>
    public ExperimentData Load(long experimentId)
    {
        var experiment = experiments.Find(experimentId) ?? throw NotFoundException.Experiment(experimentId);
        var domains = experiments.Domains(experimentId);
        var runRows = runs.List(experimentId);
        var domainIndex = domains.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var runIndex = runRows.Select((r, k) => (r.Id, k)).ToDictionary(x => x.Id, x => x.k);

        var proportions = runRows.Select(_ => new double[domains.Count]).ToArray();
        foreach (var p in runs.Proportions(experimentId)) proportions[runIndex[p.RunId]][domainIndex[p.DomainId]] = p.Proportion;
        var stepScale = runRows.Select(r => r.TokensPerStep is { } own && experiment.TokensPerStep is { } shared ? own / shared : 1.0).ToArray();

        var points = observations.ForExperiment(experimentId)
            .Select(o => new LossObservation(runIndex[o.RunId], domainIndex[o.DomainId], o.Step * stepScale[runIndex[o.RunId]], o.Loss))
            .ToList();
        var modelSizes = runModels.Parameters(experimentId);
        var schedules = runModels.Schedules(experimentId);
        var data = new BiMixData(
            domains.Select(d => d.Name).ToList(),
            runRows.Select((r, k) => new RunMixture(r.Name, proportions[k])
            {
                Parameters = modelSizes.TryGetValue(r.Id, out var n) ? n : null,
                Schedule = schedules.TryGetValue(r.Id, out var schedule) ? RunScheduleJson.Parse(schedule) : null,
            }).ToList(),
            points);
        return new ExperimentData(experiment, domains, data);
    }
}
