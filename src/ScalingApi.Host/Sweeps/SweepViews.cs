using ScalingApi.Host.Hosting;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Fits;
using ScalingApi.Storage;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Sweeps;

/// <summary>Builds the status document of a sweep: per-run progress and ETA, totals and compute spent.</summary>
public sealed class SweepViews(SweepStore sweeps, ExperimentStore experiments, RunStore runs, RunModelStore runModels, ScalingApi.Host.Hosting.ServerPaths serverPaths)
{
    public SweepResponse? Find(long sweepId) =>
        sweeps.Find(sweepId) is { } row ? Build(row, sweeps.Runs(sweepId), MixturesOf(row.ExperimentId), runModels.Schedules(row.ExperimentId)) : null;

    public List<SweepResponse> ForExperiment(long experimentId)
    {
        var rows = sweeps.ForExperiment(experimentId);
        var runsOf = sweeps.RunsOf(rows.Select(r => r.Id));
        var mixtures = MixturesOf(experimentId);
        var schedules = runModels.Schedules(experimentId);
        return rows.Select(r => Build(r, runsOf[r.Id].ToList(), mixtures, schedules)).ToList();
    }

    private Dictionary<long, Dictionary<string, double>> MixturesOf(long experimentId)
    {
        var names = experiments.Domains(experimentId).ToDictionary(d => d.Id, d => d.Name);
        return runs.Proportions(experimentId).GroupBy(p => p.RunId)
            .ToDictionary(g => g.Key, g => g.ToDictionary(p => names[p.DomainId], p => p.Proportion));
    }

    /// <param name="schedules">Run id → recorded schedule; every run of a sweep records the sweep's, so the first one found is the sweep's.</param>
    private SweepResponse Build(SweepRow sweep, IReadOnlyList<SweepRunRow> runRows, Dictionary<long, Dictionary<string, double>> mixtures,
        IReadOnlyDictionary<long, string> schedules)
    {
        var schedule = runRows.Select(r => schedules.GetValueOrDefault(r.RunId)).FirstOrDefault(s => s is not null);
        var model = JsonSerializer.Deserialize<ProxyModelSpec>(sweep.ModelJson, StoredJson.Options)!;
        var tokens = runRows.Sum(r => r.TotalTokens);
        var observations = runs.ObservationCounts(sweep.ExperimentId);
        var expected = (long)sweep.CheckpointStepList.Count * experiments.Domains(sweep.ExperimentId).Count;
        var runViews = runRows.Select(r => new SweepRunResponse(
            r.RunId, r.RunName, (int)r.TaskIndex, mixtures.GetValueOrDefault(r.RunId) ?? [], r.Status, (int)r.Attempts, (int)r.Step,
            r.TokensPerSecond, r.TrainLoss, Eta(sweep, r), serverPaths.Scrub(r.LastError), r.WorkerId, SweepTime.Parse(r.LeaseExpiresAt),
            SweepTime.Parse(r.StartedAt), SweepTime.Parse(r.FinishedAt), r.TotalDeviceSeconds, r.TotalTokens, r.ExternalState,
            r.ExternalReason, observations.GetValueOrDefault(r.RunId), expected, (int)(r.Seed ?? sweep.Seed))).ToList();
        return new SweepResponse(
            sweep.Id, sweep.ExperimentId, sweep.Name, sweep.Status, sweep.Executor, sweep.Tokenizer, model, sweep.Parameters,
            (int)sweep.Steps, sweep.CheckpointStepList, (int)sweep.Seed, sweep.ExternalJobId, DateTimeOffset.Parse(sweep.CreatedAt),
            SweepTime.Parse(sweep.FinishedAt),
            new SweepTotals(runRows.Count, Count(runRows, SweepStatus.Pending), Count(runRows, SweepStatus.Leased),
                Count(runRows, SweepStatus.Completed), Count(runRows, SweepStatus.Failed), Count(runRows, SweepStatus.Cancelled)),
            new SweepCompute(runRows.Sum(r => r.TotalDeviceSeconds), tokens, 6.0 * sweep.Parameters * tokens),
            runViews, schedule is null ? null : RunScheduleJson.Spec(schedule));
    }

    /// <summary>Remaining steps × tokens per step ÷ the last reported speed; only for a run that is training.</summary>
    private static double? Eta(SweepRow sweep, SweepRunRow run) =>
        run.Status == SweepStatus.Leased && run.TokensPerSecond is > 0 and var speed
            ? (sweep.Steps - run.Step) * sweep.TokensPerStep / speed
            : null;

    private static int Count(IReadOnlyList<SweepRunRow> rows, string status) => rows.Count(r => r.Status == status);
}
