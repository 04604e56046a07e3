using System.Net;
using ScalingApi.Contracts;
using ScalingApi.Storage.Sweeps;
using static ScalingApi.SlurmSweeps.Tests.SlurmCalls;

namespace ScalingApi.SlurmSweeps.Tests;

/// <summary>A partition the cluster does not have: sbatch refuses the script.</summary>
public sealed class UnknownPartitionFactory : SlurmServiceFactory
{
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings) { ["Slurm:Partition"] = "no-such-partition" };
}

/// <summary>Tasks that die before any worker starts (a wrong worker command, a missing runtime on the nodes).</summary>
public sealed class BrokenWorkerFactory : SlurmServiceFactory
{
    protected override (string Command, string[] Arguments) Worker => ("/bin/sh", ["-c", "echo 'worker binary missing' >&2; exit 3"]);
}

/// <summary>Tasks that only sleep (never claim), one at a time (<c>%1</c>).</summary>
public sealed class SleepingWorkerFactory : SlurmServiceFactory
{
    protected override (string Command, string[] Arguments) Worker => ("/bin/sh", ["-c", "sleep 300"]);

    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings) { ["Slurm:MaxConcurrentTasks"] = "1" };
}

/// <summary>The executor against the real cluster, with stand-in workers: submission, errors, states, cancellation.</summary>
public sealed class SlurmExecutorTests
{
    [SlurmFact]
    public async Task A_script_sbatch_rejects_fails_the_sweep_with_sbatchs_message_and_the_script_stays_readable()
    {
        SlurmCluster.Require();
        await using var service = new UnknownPartitionFactory();
        using var client = service.Authorized();
        var experiment = await client.CreateExperiment(service);

        var sweep = await client.CreateSweep(experiment, TinySweep(10, service.Mixture(0.4, 0.3, 0.3), service.Mixture(0.8, 0.1, 0.1)));

        Assert.Equal(SweepStatus.Failed, sweep.Status);
        Assert.Null(sweep.ExternalJobId);
        Assert.All(sweep.Runs, run =>
        {
            Assert.Equal(SweepStatus.Failed, run.Status);
            Assert.Contains("sbatch failed", run.LastError);
            Assert.Contains("invalid partition", run.LastError, StringComparison.OrdinalIgnoreCase);
        });
        var script = await client.GetAsync($"/api/sweeps/{sweep.Id}/batch-script");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/plain", script.Content.Headers.ContentType!.MediaType);
        var text = await script.Content.ReadAsStringAsync();
        Assert.Contains("#SBATCH --partition=no-such-partition", text);
        Assert.Contains("#SBATCH --array=0-1", text);
        Assert.Contains($"--sweep '{sweep.Id}'", text);
        Assert.DoesNotContain(SlurmServiceFactory.Key, text);

        var unknown = await client.GetAsync($"/api/sweeps/{sweep.Id + 1000}/batch-script");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
    }

    [SlurmFact]
    public async Task A_task_that_dies_before_its_worker_claims_fails_its_run_with_Slurms_state_reason_and_exit_code()
    {
        SlurmCluster.Require();
        await using var service = new BrokenWorkerFactory();
        using var client = service.Authorized();
        var experiment = await client.CreateExperiment(service);

        var created = await client.CreateSweep(experiment, TinySweep(10, service.Mixture(0.4, 0.3, 0.3)) with { Executor = "slurm" });
        Assert.NotNull(created.ExternalJobId);
        Assert.Equal("slurm", created.Executor);

        var sweep = await client.WaitForSweep(created.Id, s => s.Status == SweepStatus.Failed, TimeSpan.FromSeconds(90));
        var run = Assert.Single(sweep.Runs);
        Assert.Equal("FAILED", run.ExternalState);
        Assert.Equal("NonZeroExitCode, exit 3:0", run.ExternalReason);
        Assert.Contains($"Slurm task {created.ExternalJobId}_0 ended FAILED", run.LastError);
        Assert.Contains("never claimed", run.LastError);
        Assert.Equal(0, run.Attempts);
        var errors = await File.ReadAllTextAsync(Path.Combine(service.SlurmDirectory, $"slurm-{created.ExternalJobId}_0.err"));
        Assert.Contains("worker binary missing", errors);
    }

    [SlurmFact]
    public async Task Tasks_show_PENDING_with_Slurms_reason_then_RUNNING_and_cancelling_the_sweep_scancels_the_array()
    {
        SlurmCluster.Require();
        await using var service = new SleepingWorkerFactory();
        using var client = service.Authorized();
        var experiment = await client.CreateExperiment(service);
        var created = await client.CreateSweep(experiment, TinySweep(10, service.Mixture(0.4, 0.3, 0.3), service.Mixture(0.8, 0.1, 0.1)));
        var jobId = created.ExternalJobId!;

        // %1: the first task runs, the second waits for it with Slurm's reason.
        var sweep = await client.WaitForSweep(created.Id,
            s => s.Runs[0].ExternalState == "RUNNING" && s.Runs[1].ExternalState == "PENDING", TimeSpan.FromSeconds(60));
        Assert.Equal("JobArrayTaskLimit", sweep.Runs[1].ExternalReason);
        Assert.All(sweep.Runs, r => Assert.Equal(SweepStatus.Pending, r.Status));

        var cancel = await client.PostAsync($"/api/sweeps/{created.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        sweep = await client.WaitForSweep(created.Id, s => s.Runs.All(r => r.ExternalState == "CANCELLED"), TimeSpan.FromSeconds(60));
        Assert.Equal(SweepStatus.Cancelled, sweep.Status);
        Assert.All(sweep.Runs, r => Assert.Equal(SweepStatus.Cancelled, r.Status));
        var states = RunSlurmCommand("squeue", "--array", "--noheader", "--states=all", $"--jobs={jobId}", "--format=%T");
        Assert.All(states.Split('\n', StringSplitOptions.RemoveEmptyEntries), s => Assert.Equal("CANCELLED", s.Trim()));
    }
}
