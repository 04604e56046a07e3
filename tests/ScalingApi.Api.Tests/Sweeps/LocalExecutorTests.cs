using System.Net;
using System.Text.Json;
using ScalingApi.Contracts;
using Xunit;
using static ScalingApi.Api.Tests.Sweeps.StandInWorkerService;
using static ScalingApi.Api.Tests.Sweeps.SweepClient;

namespace ScalingApi.Api.Tests.Sweeps;

/// <summary>
/// The local executor with real child processes against the real service on Kestrel. The child is a
/// small stand-in worker (<see cref="StandInWorkerService"/>), so these tests exercise the executor —
/// spawning, arguments, environment, concurrency bound, crash retries, kill on cancel — in seconds. The real worker binary is exercised by the end-to-end tests.
/// </summary>
public sealed class LocalExecutorTests
{
    internal static async Task<SweepResponse> WaitFor(HttpClient client, long sweepId, Func<SweepResponse, bool> done, Action? sample = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            sample?.Invoke();
            var sweep = await client.GetSweep(sweepId);
            if (done(sweep)) return sweep;
            Assert.True(DateTime.UtcNow < deadline, $"timed out: {JsonSerializer.Serialize(sweep)}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Workers_are_child_processes_started_with_the_documented_command_line_and_at_most_MaxWorkers_at_once()
    {
        await using var service = new StandInWorkerService("complete", maxWorkers: 2);
        var client = service.Start();
        var experiment = await service.Experiment(client);
        var (sweep, _) = await client.CreateSweep(experiment.Id, Explicit(Mix(("a", 1), ("b", 0)), Mix(("a", 0.5), ("b", 0.5)), Mix(("a", 0), ("b", 1))) with { Executor = "local" });

        var mostAtOnce = 0;
        var done = await WaitFor(client, sweep.Id, s => s.Status == "completed",
            () => mostAtOnce = Math.Max(mostAtOnce, service.Executor.Children.Count));

        Assert.Equal(new SweepTotals(3, 0, 0, 3, 0, 0), done.Totals);
        Assert.InRange(mostAtOnce, 0, 2);
        var starts = service.Starts();
        Assert.InRange(starts.Count, 3, 5); // one per run, plus at most a worker per slot that found nothing left
        Assert.All(starts, s => Assert.NotEqual(Environment.ProcessId, s.GetProperty("pid").GetInt32()));
        var args = starts[0].GetProperty("args").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal("run", args[0]);
        Assert.Equal(sweep.Id.ToString(), args[args.IndexOf("--sweep") + 1]);
        Assert.Equal(Path.GetFullPath(service.Checkpoints), args[args.IndexOf("--checkpoint-dir") + 1]);
        Assert.StartsWith("http://", args[args.IndexOf("--api-url") + 1]);
        Assert.Equal(done.Runs.Select(r => r.WorkerId).Distinct().Count(), done.Runs.Select(r => r.WorkerId).Count(w => w!.StartsWith("local-")));
        await WaitUntil(() => service.Executor.Children.Count == 0);
    }

    [Fact]
    public async Task A_crashing_worker_releases_its_run_at_once_and_the_run_fails_after_max_attempts()
    {
        await using var service = new StandInWorkerService("crash", maxWorkers: 1);
        var client = service.Start();
        var experiment = await service.Experiment(client);
        var (sweep, _) = await client.CreateSweep(experiment.Id, Explicit(Mix(("a", 0.5), ("b", 0.5))) with { Executor = "local" });

        // without the release each retry would wait for the 60 s lease to lapse
        var done = await WaitFor(client, sweep.Id, s => s.Status == "failed");
        var run = Assert.Single(done.Runs);
        Assert.Equal(("failed", 2), (run.Status, run.Attempts));
        Assert.Contains("exited with code 3", run.LastError);
        Assert.Equal(2, service.Starts().Count);
    }

    [Fact]
    public async Task Cancel_kills_the_sweeps_worker_processes()
    {
        await using var service = new StandInWorkerService("hang", maxWorkers: 1);
        var client = service.Start();
        var experiment = await service.Experiment(client);
        var (sweep, _) = await client.CreateSweep(experiment.Id, Explicit(Mix(("a", 0.5), ("b", 0.5))) with { Executor = "local" });
        await WaitFor(client, sweep.Id, s => s.Runs[0].Status == "leased");
        var pid = service.Starts().Single().GetProperty("pid").GetInt32();
        Assert.True(IsRunning(pid));

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/sweeps/{sweep.Id}/cancel", null)).StatusCode);
        await WaitUntil(() => !IsRunning(pid));
        await WaitUntil(() => service.Executor.Children.Count == 0);
        Assert.Equal("cancelled", (await client.GetSweep(sweep.Id)).Status);
        await Task.Delay(600); // a few executor polls: nothing is restarted for a cancelled sweep
        Assert.Single(service.Starts());
    }
}
