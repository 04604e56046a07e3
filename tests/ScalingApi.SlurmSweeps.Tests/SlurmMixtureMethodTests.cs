using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ScalingApi.Contracts;
using ScalingApi.Host.Sweeps.Executors.Slurm;
using static ScalingApi.SlurmSweeps.Tests.SlurmCalls;

namespace ScalingApi.SlurmSweeps.Tests;

/// <summary>
/// Issue 8: a DoReMi job whose reference and DRO proxy run as Slurm array tasks on the real single-node cluster,
/// then a Chameleon job that embeds with the reference proxy (trained on the uniform mixture), also as a Slurm task.
/// </summary>
public sealed class SlurmMixtureMethodTests : IAsyncLifetime
{
    private readonly SlurmServiceFactory _service = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _service.Authorized();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _service.DisposeAsync();
    }

    private async Task<MixtureMethodJobResponse> Run(long experimentId, string method, object body, TimeSpan timeout)
    {
        var response = await _client.PostAsJsonAsync($"/api/experiments/{experimentId}/mixture-methods/{method}", body, Json);
        var job = await response.Read<MixtureMethodJobResponse>(HttpStatusCode.Accepted);
        var clock = Stopwatch.StartNew();
        while (job.Status == "running")
        {
            if (clock.Elapsed > timeout) Assert.Fail($"{method} job still running after {timeout}: {JsonSerializer.Serialize(job, Json)}");
            await Task.Delay(500);
            job = await (await _client.GetAsync(response.Headers.Location)).Read<MixtureMethodJobResponse>(HttpStatusCode.OK);
        }
        Assert.True(job.Status == "completed", $"{method} job {job.Status} at stage {job.Stage}: {job.Error}");
        return job;
    }

    [SlurmFact]
    public async Task DoReMi_and_Chameleon_stages_run_as_Slurm_tasks()
    {
        SlurmCluster.Require();
        var clock = Stopwatch.StartNew();
        var experimentId = await _client.CreateExperiment(_service);

        var doremi = await Run(experimentId, "doremi", new { referenceMixture = "uniform", steps = 20, executor = SlurmExecutor.ExecutorName },
            TimeSpan.FromMinutes(10));
        Assert.Equal(["reference", "proxy"], doremi.Stages.Select(s => s.Stage));
        foreach (var stage in doremi.Stages)
        {
            var sweep = await _client.GetSweep(stage.SweepId);
            Assert.Equal(SlurmExecutor.ExecutorName, sweep.Executor);
            Assert.NotNull(sweep.ExternalJobId);
        }
        Assert.Equal(1.0, doremi.Weights!.Values.Sum(), 6);
        Assert.Equal(20, doremi.Trajectory[^1].Step);

        // the reference proxy was trained on the uniform mixture: Chameleon embeds with it instead of training one
        var chameleon = await Run(experimentId, "chameleon", new { windowsPerDomain = 8 }, TimeSpan.FromMinutes(6));
        var embedding = Assert.Single(chameleon.Stages);
        Assert.Equal("embedding", embedding.Stage);
        Assert.NotNull((await _client.GetSweep(embedding.SweepId)).ExternalJobId);
        Assert.Equal($"doremi-{doremi.Id}-r1-reference", chameleon.Provenance.Checkpoint!.Run);
        Assert.Equal(1.0, chameleon.Weights!.Values.Sum(), 6);
        Console.WriteLine($"slurm mixture methods: {clock.Elapsed.TotalSeconds:F1}s");
    }
}
