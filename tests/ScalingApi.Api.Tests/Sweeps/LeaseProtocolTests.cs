using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using Xunit;
using static ScalingApi.Api.Tests.Sweeps.SweepClient;

namespace ScalingApi.Api.Tests.Sweeps;

/// <summary>The worker protocol driven over HTTP, the test playing the worker; lease time moves on a manual clock.</summary>
public sealed class LeaseProtocolTests(SweepApiFactory factory) : IClassFixture<SweepApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();
    private static readonly TimeSpan PastExpiry = TimeSpan.FromSeconds(SweepApiFactory.LeaseSeconds + 1);

    private async Task<(ExperimentResponse Experiment, SweepResponse Sweep)> TwoRunSweep()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        var (sweep, _) = await _client.CreateSweep(experiment.Id, Explicit(Mix(("a", 0.25), ("b", 0.75)), Mix(("a", 0.6), ("b", 0.4))));
        return (experiment, sweep);
    }

    [Fact]
    public async Task Worker_claims_heartbeats_and_completes_every_run_then_the_sweep_is_completed()
    {
        var (experiment, sweep) = await TwoRunSweep();

        var lease = await _client.Claim(sweep.Id, "w1");
        Assert.Equal((sweep.Id, experiment.Id, sweep.Runs[0].RunId, sweep.Runs[0].RunName, 0, 1),
            (lease.SweepId, lease.ExperimentId, lease.RunId, lease.RunName, lease.TaskIndex, lease.Attempt));
        Assert.Equal(["a", "b"], lease.Domains.Select(d => d.Name));
        Assert.Equal([0.25, 0.75], lease.Domains.Select(d => d.Proportion));
        var corpusA = Assert.Single(lease.Domains[0].Files);
        Assert.Equal(Path.Combine(factory.CorpusRoot, experiment.Domains[0].Corpus!), corpusA);
        Assert.True(File.Exists(corpusA));
        Assert.Equal(("tiny", 16), (lease.Model.Preset, lease.Model.BatchSize));
        Assert.Equal("bytes", lease.Tokenizer);
        Assert.Equal((100, 7, 10), (lease.Steps, lease.Seed, lease.HeartbeatSeconds));
        Assert.Equal([25, 50, 75, 100], lease.CheckpointSteps);
        Assert.Equal(factory.Clock.GetUtcNow().AddSeconds(SweepApiFactory.LeaseSeconds), lease.ExpiresAt);

        var status = await _client.GetSweep(sweep.Id);
        Assert.Equal("running", status.Status);
        Assert.Equal(("leased", "w1", 1), (status.Runs[0].Status, status.Runs[0].WorkerId, status.Runs[0].Attempts));

        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        var answer = await _client.Heartbeat(lease.LeaseId, step: 40, tokensPerSecond: 2048, deviceSeconds: 12, tokens: 40 * 1024);
        Assert.True(answer.Continue);
        Assert.Equal(factory.Clock.GetUtcNow().AddSeconds(SweepApiFactory.LeaseSeconds), answer.ExpiresAt);

        status = await _client.GetSweep(sweep.Id);
        var run = status.Runs[0];
        Assert.Equal((40, 2048.0, 3.5), (run.Step, run.TokensPerSecond, run.TrainLoss));
        Assert.Equal(60 * 1024 / 2048.0, run.EtaSeconds); // 60 steps left × 1024 tokens/step ÷ 2048 tokens/s
        Assert.Null(status.Runs[1].EtaSeconds);

        // the worker records losses through the ordinary observations endpoint; a resumed worker re-posts them harmlessly
        var firstHalf = lease.CheckpointSteps.Take(2).SelectMany(step => lease.Domains.Select(d => new ObservationItem(lease.RunName, step, d.Name, 5.0 - step / 100.0))).ToList();
        Assert.Equal(4, (await (await _client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/observations", firstHalf)).Read<IngestResponse>(HttpStatusCode.OK)).Inserted);
        Assert.Equal(4, (await (await _client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/observations", firstHalf)).Read<IngestResponse>(HttpStatusCode.OK)).Unchanged);
        run = (await _client.GetSweep(sweep.Id)).Runs[0];
        Assert.Equal((4L, 8L), (run.Observations, run.ExpectedObservations));
        var rest = lease.CheckpointSteps.Skip(2).SelectMany(step => lease.Domains.Select(d => new ObservationItem(lease.RunName, step, d.Name, 5.0 - step / 100.0))).ToList();
        Assert.Equal(4, (await (await _client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/observations", rest)).Read<IngestResponse>(HttpStatusCode.OK)).Inserted);

        var second = await _client.Claim(sweep.Id, "w2");
        Assert.Equal(1, second.TaskIndex);
        await _client.AssertNothingToClaim(sweep.Id, "w3"); // both leased

        await _client.Complete(lease.LeaseId, deviceSeconds: 30, tokens: 100 * 1024);
        await _client.Complete(lease.LeaseId, deviceSeconds: 30, tokens: 100 * 1024); // a retried completion is harmless
        await _client.Complete(second.LeaseId, deviceSeconds: 20, tokens: 100 * 1024);

        status = await _client.GetSweep(sweep.Id);
        Assert.Equal("completed", status.Status);
        Assert.NotNull(status.FinishedAt);
        Assert.Equal(new SweepTotals(2, 0, 0, 2, 0, 0), status.Totals);
        Assert.All(status.Runs, r => Assert.Equal((100, "completed"), (r.Step, r.Status)));
        Assert.Equal([8L, 0L], status.Runs.Select(r => r.Observations));
        Assert.Equal(new SweepCompute(50, 200 * 1024, 6.0 * status.Parameters * 200 * 1024), status.Compute);
        await _client.AssertNothingToClaim(sweep.Id);

        var beat = await _client.Heartbeat(lease.LeaseId);
        Assert.False(beat.Continue);
    }

    [Fact]
    public async Task An_expired_lease_is_reaped_and_reclaimed_as_the_next_attempt_and_the_old_lease_is_gone()
    {
        var (_, sweep) = await TwoRunSweep();
        var first = await _client.Claim(sweep.Id, "w1", taskIndex: 0);
        await _client.Heartbeat(first.LeaseId, step: 10, deviceSeconds: 5, tokens: 1000);

        factory.Clock.Advance(PastExpiry);
        Assert.True(factory.Reap() >= 1);
        var status = await _client.GetSweep(sweep.Id);
        Assert.Equal("pending", status.Runs[0].Status);
        Assert.Contains("lease expired", status.Runs[0].LastError);

        var second = await _client.Claim(sweep.Id, "w2");
        Assert.Equal((0, 2), (second.TaskIndex, second.Attempt));
        Assert.NotEqual(first.LeaseId, second.LeaseId);

        await ProblemAssert.Is(await _client.HeartbeatRaw(first.LeaseId, new Heartbeat(11, 1, null, 1, 1)), HttpStatusCode.Gone, "leaseId", "re-leased");
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/leases/{first.LeaseId}/complete", new LeaseCompletion(1, 1)), HttpStatusCode.Gone, "leaseId");
        await ProblemAssert.Is(await _client.HeartbeatRaw(Guid.NewGuid(), new Heartbeat(1, 1, null, 1, 1)), HttpStatusCode.NotFound, "leaseId", "no lease");

        // compute of the lost attempt still counts
        await _client.Complete(second.LeaseId, deviceSeconds: 7, tokens: 3000);
        status = await _client.GetSweep(sweep.Id);
        Assert.Equal((12.0, 4000L), (status.Runs[0].DeviceSeconds, status.Runs[0].Tokens));
        Assert.Equal(6.0 * status.Parameters * 4000, status.Compute.EstimatedFlops);
    }

    [Fact]
    public async Task A_lapsed_lease_is_claimable_before_the_reaper_runs()
    {
        var (_, sweep) = await TwoRunSweep();
        var first = await _client.Claim(sweep.Id, "w1");
        await _client.Claim(sweep.Id, "w1");
        factory.Clock.Advance(PastExpiry);
        var again = await _client.Claim(sweep.Id, "w2");
        Assert.Equal((first.RunId, 2), (again.RunId, again.Attempt));
    }

    [Fact]
    public async Task A_slow_worker_whose_lease_was_reaped_but_not_taken_over_continues()
    {
        var (_, sweep) = await TwoRunSweep();
        var lease = await _client.Claim(sweep.Id, "w1", taskIndex: 1);
        factory.Clock.Advance(PastExpiry);
        factory.Reap();
        Assert.Equal("pending", (await _client.GetSweep(sweep.Id)).Runs[1].Status);

        var answer = await _client.Heartbeat(lease.LeaseId, step: 20);
        Assert.True(answer.Continue);
        var status = await _client.GetSweep(sweep.Id);
        Assert.Equal(("leased", 1, 20), (status.Runs[1].Status, status.Runs[1].Attempts, status.Runs[1].Step));
    }

    [Fact]
    public async Task Retryable_failures_retry_until_max_attempts_then_the_run_fails()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a"]);
        var (sweep, _) = await _client.CreateSweep(experiment.Id, Explicit(Mix(("a", 1))));
        for (var attempt = 1; attempt <= SweepApiFactory.MaxAttempts; attempt++)
        {
            var lease = await _client.Claim(sweep.Id, $"w{attempt}");
            Assert.Equal(attempt, lease.Attempt);
            await _client.Fail(lease.LeaseId, $"out of memory #{attempt}");
            var afterFail = await _client.GetSweep(sweep.Id);
            Assert.Equal(attempt < SweepApiFactory.MaxAttempts ? "pending" : "failed", afterFail.Runs[0].Status);
            Assert.Equal($"out of memory #{attempt}", afterFail.Runs[0].LastError);
        }
        await _client.AssertNothingToClaim(sweep.Id);
        var status = await _client.GetSweep(sweep.Id);
        Assert.Equal("failed", status.Status);
        Assert.Equal(new SweepTotals(1, 0, 0, 0, 1, 0), status.Totals);
    }

    [Fact]
    public async Task A_non_retryable_failure_fails_the_run_at_once_and_a_failed_lease_cannot_heartbeat()
    {
        var (_, sweep) = await TwoRunSweep();
        var lease = await _client.Claim(sweep.Id);
        await _client.Fail(lease.LeaseId, "corpus unreadable", retryable: false);
        var status = await _client.GetSweep(sweep.Id);
        Assert.Equal(("failed", 1), (status.Runs[0].Status, status.Runs[0].Attempts));
        Assert.Equal("running", status.Status); // the other run still has to train
        await ProblemAssert.Is(await _client.HeartbeatRaw(lease.LeaseId, new Heartbeat(1, 1, null, 1, 1)), HttpStatusCode.Gone, "leaseId");
    }

    [Fact]
    public async Task Lease_expiry_on_the_last_attempt_fails_the_run()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a"]);
        var (sweep, _) = await _client.CreateSweep(experiment.Id, Explicit(Mix(("a", 1))));
        for (var attempt = 1; attempt <= SweepApiFactory.MaxAttempts; attempt++)
        {
            Assert.Equal(attempt, (await _client.Claim(sweep.Id, "w")).Attempt);
            factory.Clock.Advance(PastExpiry);
            factory.Reap();
        }
        var status = await _client.GetSweep(sweep.Id);
        Assert.Equal(("failed", "failed"), (status.Status, status.Runs[0].Status));
        Assert.Contains($"attempt {SweepApiFactory.MaxAttempts}", status.Runs[0].LastError);
    }

    [Fact]
    public async Task A_task_index_claims_its_own_run_and_a_requeued_task_reclaims_it()
    {
        var (_, sweep) = await TwoRunSweep();
        var lease = await _client.Claim(sweep.Id, "slurm-77_1", taskIndex: 1);
        Assert.Equal((1, sweep.Runs[1].RunId, 1), (lease.TaskIndex, lease.RunId, lease.Attempt));

        await _client.AssertNothingToClaim(sweep.Id, "intruder", taskIndex: 1); // live lease of another worker

        var requeued = await _client.Claim(sweep.Id, "slurm-77_1", taskIndex: 1); // same worker id: a requeue resumes
        Assert.Equal((sweep.Runs[1].RunId, 2), (requeued.RunId, requeued.Attempt));
        await ProblemAssert.Is(await _client.HeartbeatRaw(lease.LeaseId, new Heartbeat(1, 1, null, 1, 1)), HttpStatusCode.Gone, "leaseId");

        factory.Clock.Advance(PastExpiry);
        var takenOver = await _client.Claim(sweep.Id, "other", taskIndex: 1); // expired: anyone may take it
        Assert.Equal(3, takenOver.Attempt);

        await _client.Complete(takenOver.LeaseId);
        await _client.AssertNothingToClaim(sweep.Id, "slurm-77_1", taskIndex: 1);
        await ProblemAssert.Is(await _client.ClaimRaw(sweep.Id, "w", taskIndex: 9), HttpStatusCode.BadRequest, "taskIndex", "no task 9");
        await ProblemAssert.Is(await _client.ClaimRaw(sweep.Id, "w", taskIndex: -1), HttpStatusCode.BadRequest, "taskIndex");
        await ProblemAssert.Is(await _client.ClaimRaw(sweep.Id, " ", null), HttpStatusCode.BadRequest, "workerId");
    }

    [Fact]
    public async Task Cancel_stops_pending_runs_tells_training_workers_to_stop_and_calls_the_executor()
    {
        var (_, sweep) = await TwoRunSweep();
        var lease = await _client.Claim(sweep.Id);

        var response = await _client.PostAsync($"/api/sweeps/{sweep.Id}/cancel", null);
        var cancelled = await response.Read<SweepResponse>(HttpStatusCode.Accepted);
        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal(new SweepTotals(2, 0, 0, 0, 0, 2), cancelled.Totals);
        Assert.Contains(sweep.Id, factory.Executor.Cancelled);

        var answer = await _client.Heartbeat(lease.LeaseId);
        Assert.False(answer.Continue);
        Assert.Contains("cancelled", answer.Reason);
        await _client.AssertNothingToClaim(sweep.Id);
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/complete", new LeaseCompletion(1, 1)),
            HttpStatusCode.Conflict, "leaseId", "cancelled");
        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsync($"/api/sweeps/{sweep.Id}/cancel", null)).StatusCode); // idempotent
    }

    [Theory]
    [InlineData("""{"step":-1,"tokensPerSecond":1,"deviceSeconds":1,"tokens":1,"trainLoss":null}""", "step")]
    [InlineData("""{"step":1,"tokensPerSecond":-1,"deviceSeconds":1,"tokens":1,"trainLoss":null}""", "tokensPerSecond")]
    [InlineData("""{"step":1,"tokensPerSecond":1,"deviceSeconds":-2,"tokens":1,"trainLoss":null}""", "deviceSeconds")]
    [InlineData("""{"step":1,"tokensPerSecond":1,"deviceSeconds":1,"tokens":-1,"trainLoss":null}""", "tokens")]
    [InlineData("""{"step":1000,"tokensPerSecond":1,"deviceSeconds":1,"tokens":1,"trainLoss":null}""", "step")]
    [InlineData("""{"step":1,"tokensPerSecond":"NaN","deviceSeconds":1,"tokens":1,"trainLoss":null}""", "tokensPerSecond")]
    public async Task Bad_heartbeats_are_400_naming_the_field(string body, string field)
    {
        var (_, sweep) = await TwoRunSweep();
        var lease = await _client.Claim(sweep.Id);
        await ProblemAssert.Is(await _client.PostRaw($"/api/leases/{lease.LeaseId}/heartbeat", body), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Lease_endpoints_need_the_api_key()
    {
        var (_, sweep) = await TwoRunSweep();
        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/sweeps/{sweep.Id}/leases", new LeaseRequest("w"))).StatusCode);
    }
}
