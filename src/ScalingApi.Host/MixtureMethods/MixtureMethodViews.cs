using ScalingApi.Host.Hosting;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Sweeps;
using ScalingApi.Storage.MixtureMethods;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.MixtureMethods;

/// <summary>Builds a job's status document from the job, its sweeps (status, compute) and the weight points its DoReMi proxies posted.</summary>
public sealed class MixtureMethodViews(MixtureMethodStore store, SweepViews sweepViews)
{
    private static JsonSerializerOptions Json => StoredJson.Options;

    public MixtureMethodJobResponse? Find(long jobId)
    {
        if (store.Find(jobId) is not { } job) return null;
        var stages = store.Sweeps(jobId).Select(s => (Row: s, Sweep: sweepViews.Find(s.SweepId)!)).ToList();
        var provenance = JsonSerializer.Deserialize<MixtureProvenance>(job.ProvenanceJson, Json)!;
        var (rounds, plannedSteps) = Plan(job, stages.Select(s => s.Sweep).ToList());
        var doneSteps = stages.Sum(s => s.Sweep.Runs.Sum(r => (long)r.Step));
        var trajectory = stages.Where(s => s.Row.Stage == MixtureMethodStages.Proxy)
            .SelectMany(s => store.Outputs(s.Row.SweepId, MixtureMethodStore.WeightsOutput).Select(o =>
            {
                var point = JsonSerializer.Deserialize<DomainWeightsPoint>(o.DataJson, Json)!;
                return new DoReMiTrajectoryPoint((int)s.Row.Round, point.Step, point.Weights, point.Average);
            })).ToList();
        var tokens = stages.Sum(s => s.Sweep.Compute.Tokens);
        var compute = new SweepCompute(stages.Sum(s => s.Sweep.Compute.DeviceSeconds), tokens, stages.Sum(s => s.Sweep.Compute.EstimatedFlops));
        var last = stages.LastOrDefault();
        return new MixtureMethodJobResponse(
            job.Id, job.ExperimentId, job.Method, job.Status, last.Row?.Stage ?? "starting", (int)(last.Row?.Round ?? 1), rounds,
            job.Status == MixtureMethodNames.Completed ? 1.0 : Math.Min(1.0, plannedSteps == 0 ? 0 : (double)doneSteps / plannedSteps),
            compute,
            job.WeightsJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, double>>(job.WeightsJson, Json),
            provenance,
            stages.Select(s => new MixtureMethodStage(s.Row.Stage, (int)s.Row.Round, s.Row.SweepId, s.Sweep.Status, s.Sweep.Compute)).ToList(),
            trajectory,
            job.DetailsJson is null ? null : JsonSerializer.Deserialize<ChameleonResult>(job.DetailsJson, Json),
            job.Error, DateTimeOffset.Parse(job.CreatedAt), SweepTime.Parse(job.FinishedAt));
    }

    /// <summary>Rounds and the training steps the whole job will take (DoReMi: two proxies per round; Chameleon: the proxies it launched).</summary>
    private (int Rounds, long Steps) Plan(MixtureMethodJobRow job, IReadOnlyList<SweepResponse> launched)
    {
        if (job.Method == MixtureMethodNames.DoReMi)
        {
            var p = JsonSerializer.Deserialize<DoReMiParameters>(job.ParametersJson, Json)!;
            return (p.Rounds, 2L * p.Rounds * p.Steps);
        }
        return (1, Math.Max(1, launched.Sum(s => (long)s.Steps)));
    }
}
