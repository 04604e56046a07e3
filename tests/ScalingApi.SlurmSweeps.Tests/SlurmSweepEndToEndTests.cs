using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using ScalingApi.Storage.Sweeps;
using ScalingApi.Worker.Running;
using static ScalingApi.SlurmSweeps.Tests.SlurmCalls;

namespace ScalingApi.SlurmSweeps.Tests;

/// <summary>
/// Issue 5 item 4: a sweep runs as a real Slurm job array whose tasks run the real worker CLI against the
/// service on a real port; losses land, BiMix fits them. One task is scancelled mid-run (after a checkpoint):
/// the monitor sees it end without completing, requeues it, and its worker resumes from the checkpoint.
/// Both in one sweep so the cluster's two cores train the two runs side by side once.
/// </summary>
public sealed class SlurmSweepEndToEndTests : IAsyncLifetime
{
    private static readonly ProxyModelSpec TinyModel = new("tiny", Layers: 1, Heads: 2, ModelWidth: 32, ContextLength: 16, BatchSize: 4);
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

    [SlurmFact]
    public async Task A_sweep_runs_as_a_job_array_and_a_scancelled_task_is_requeued_and_resumes_from_its_checkpoint()
    {
        SlurmCluster.Require();
        var clock = Stopwatch.StartNew();
        var experimentId = await _client.CreateExperiment(_service);
        int[] checkpoints = [50, 100, 150, 200];
        var created = await _client.CreateSweep(experimentId, new CreateSweepRequest(
            [new SweepMixtureSpec(Name: "a-heavy", Mixture: _service.Mixture(0.6, 0.2, 0.2)), new SweepMixtureSpec(Name: "c-heavy", Mixture: _service.Mixture(0.2, 0.2, 0.6))],
            TinyModel, Steps: 200, new CheckpointSpec(Steps: checkpoints), Seed: 3, Executor: "slurm"));
        var jobId = created.ExternalJobId ?? throw new Xunit.Sdk.XunitException("no Slurm job id stored");

        var script = await _client.GetStringAsync($"/api/sweeps/{created.Id}/batch-script");
        Assert.Contains("#SBATCH --array=0-1", script);
        Assert.Contains("--task-index \"$SLURM_ARRAY_TASK_ID\"", script);

        // Task 1 mid-run: once its worker saved a checkpoint, an operator scancels just that task.
        var victim = created.Runs.Single(r => r.TaskIndex == 1);
        var runDirectory = RunCheckpointPaths.RunDirectory(_service.CheckpointDirectory, created.Id, victim.RunId);
        await WaitUntil(() => Directory.Exists(runDirectory) && Directory.EnumerateDirectories(runDirectory, "step-*").Any(),
            TimeSpan.FromMinutes(3), "task 1 saved no checkpoint");
        RunSlurmCommand("scancel", $"{jobId}_1");

        var sweep = await _client.WaitForSweep(created.Id, s => SweepStatus.IsFinal(s.Status), TimeSpan.FromMinutes(5));
        Assert.True(sweep.Status == SweepStatus.Completed, string.Join("; ", sweep.Runs.Select(r => $"{r.RunName} {r.Status} {r.LastError}")));
        Assert.All(sweep.Runs, r => Assert.Equal(200, r.Step));

        // The requeue: Slurm restarted the task once, the run took a second attempt that started past step 0.
        Assert.Contains("Restarts=1", RunSlurmCommand("scontrol", "show", "job", "--oneliner", $"{jobId}_1"));
        var resumed = sweep.Runs.Single(r => r.TaskIndex == 1);
        Assert.Equal(2, resumed.Attempts);
        Assert.Contains($"Slurm task {jobId}_1 ended CANCELLED", resumed.LastError);
        var starts = AttemptLog.StartSteps(runDirectory);
        Assert.Equal(2, starts.Count);
        Assert.Equal(0, starts[0]);
        Assert.True(starts[1] > 0, $"the requeued task started at step {starts[1]} instead of resuming");
        Assert.Equal(1, sweep.Runs.Single(r => r.TaskIndex == 0).Attempts);

        // The monitor keeps watching the finished sweep until Slurm reports both tasks ended.
        sweep = await _client.WaitForSweep(created.Id, s => s.Runs.All(r => r.ExternalState == "COMPLETED"), TimeSpan.FromSeconds(60));

        // Every loss exactly once per (run, step, domain), the killed attempt's included.
        var observations = (await _client.GetFromJsonAsync<List<ObservationItem>>($"/api/experiments/{experimentId}/observations", Json))!;
        var keys = observations.Select(o => (o.Run, o.Step, o.Domain)).ToArray();
        var expected = sweep.Runs.SelectMany(r => checkpoints.SelectMany(s => _service.Domains.Select(d => (r.RunName, (long)s, d))));
        Assert.Equal(expected.Order(), keys.Order());

        var fitResponse = await _client.PostAsJsonAsync($"/api/experiments/{experimentId}/fits", new CreateFitRequest("bimix", "huber"), Json);
        Assert.True(fitResponse.StatusCode == HttpStatusCode.Created, await fitResponse.Content.ReadAsStringAsync());
        var fit = (await fitResponse.Content.ReadFromJsonAsync<FitResponse>(Json))!;
        Assert.Equal(_service.Domains, fit.Domains.Select(d => d.Domain));
        Console.WriteLine($"slurm e2e sweep: {clock.Elapsed.TotalSeconds:F1}s; task 1 attempts started at steps {string.Join(", ", starts)}");
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, failure);
            await Task.Delay(50);
        }
    }
}
