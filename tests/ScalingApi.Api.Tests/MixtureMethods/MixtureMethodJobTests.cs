using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Api.Tests.Sweeps;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using Xunit;
using static ScalingApi.Api.Tests.Sweeps.SweepClient;

namespace ScalingApi.Api.Tests.MixtureMethods;

/// <summary>
/// DoReMi and Chameleon jobs over real HTTP with the test acting as the worker: the stages are ordinary sweeps whose
/// leases carry the run mode, the results become the <c>doremi</c> and <c>chameleon</c> mixture kinds.
/// </summary>
public sealed class MixtureMethodJobTests(MixtureMethodApiFactory factory) : IClassFixture<MixtureMethodApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();
    private static readonly string[] Domains = ["web", "code", "math"];

    private async Task<MixtureMethodJobResponse> Job(long jobId) =>
        await (await _client.GetAsync($"/api/mixture-methods/{jobId}")).Read<MixtureMethodJobResponse>(HttpStatusCode.OK);

    private async Task<(MixtureMethodJobResponse Job, Uri Location)> Start(long experimentId, string method, object body)
    {
        var response = await _client.PostAsJsonAsync($"/api/experiments/{experimentId}/mixture-methods/{method}", body, ApiClientExtensions.Json);
        var job = await response.Read<MixtureMethodJobResponse>(HttpStatusCode.Accepted);
        Assert.Equal($"/api/mixture-methods/{job.Id}", response.Headers.Location!.OriginalString);
        return (job, response.Headers.Location);
    }

    [Fact]
    public async Task DoReMi_trains_a_reference_then_a_DRO_proxy_and_its_mean_weights_become_the_doremi_kind()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, Domains, tokens: [6e6, 3e6, 1e6]);
        var (job, _) = await Start(experiment.Id, "doremi", new { steps = 100, eta = 0.5 });
        Assert.Equal(("running", "reference", 1, 1), (job.Status, job.Stage, job.Round, job.Rounds));
        Assert.Equal("natural", job.Provenance.ReferenceMixture);

        // stage 1: an ordinary run on the natural mixture
        var referenceSweep = await _client.GetSweep(Assert.Single(job.Stages).SweepId);
        var referenceRun = Assert.Single(referenceSweep.Runs);
        Assert.Equal($"doremi-{job.Id}-r1-reference", referenceRun.RunName);
        Assert.Equal(0.6, referenceRun.Mixture["web"], 9);
        var lease = await _client.Claim(referenceSweep.Id);
        Assert.Null(lease.Mode);
        await _client.Complete(lease.LeaseId);
        await factory.Advance();

        // stage 2: the DRO proxy on the uniform mixture, pointed at the reference run's checkpoint
        job = await Job(job.Id);
        Assert.Equal("proxy", job.Stage);
        var proxySweepId = job.Stages[1].SweepId;
        var proxyLease = await _client.Claim(proxySweepId);
        Assert.Equal(new LeaseRunMode(LeaseRunMode.DoReMiProxy, new RunCheckpoint(referenceSweep.Id, referenceRun.RunId), 0.5, 1e-3, 5), proxyLease.Mode);
        Assert.All(proxyLease.Domains, d => Assert.Equal(1 / 3.0, d.Proportion, 12));

        var halfway = Mix(("web", 0.4), ("code", 0.4), ("math", 0.2));
        var final = Mix(("web", 0.5), ("code", 0.3), ("math", 0.2));
        await PostWeights(proxyLease.LeaseId, new DomainWeightsPoint(50, halfway, halfway));
        await PostWeights(proxyLease.LeaseId, new DomainWeightsPoint(100, Mix(("web", 0.6), ("code", 0.2), ("math", 0.2)), final));
        // not a distribution / another run mode: refused, nothing recorded
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/leases/{proxyLease.LeaseId}/domain-weights",
            new DomainWeightsPoint(60, Mix(("web", 0.9), ("code", 0.3), ("math", 0.2)), final)), HttpStatusCode.BadRequest, "weights", "sum to 1");
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/domain-weights",
            new DomainWeightsPoint(10, final, final)), HttpStatusCode.Conflict, "leaseId", "ordinary training run");
        await _client.Complete(proxyLease.LeaseId);
        await factory.Advance();

        job = await Job(job.Id);
        Assert.Equal("completed", job.Status);
        Assert.Equal(1.0, job.Progress);
        Assert.Equal(final, job.Weights);
        Assert.Equal([(1, 50), (1, 100)], job.Trajectory.Select(p => (p.Round, p.Step)));
        Assert.Equal(4.0, job.Compute.DeviceSeconds, 9);  // two attempts of 2 device-seconds each (SweepClient.Complete)
        Assert.Equal(4096, job.Compute.Tokens);
        Assert.True(job.Compute.EstimatedFlops > 0);

        // the result is a mixture kind: computed, listed, savable, usable by a sweep
        var mixture = await (await _client.GetAsync($"/api/experiments/{experiment.Id}/mixtures/doremi")).Read<MixtureResponse>(HttpStatusCode.OK);
        Assert.Equal(final, mixture.Mixture);
        Assert.Equal(job.Id, mixture.Provenance!.JobId);
        Assert.Equal(0.5, mixture.Provenance.Parameters.GetProperty("eta").GetDouble());
        var list = await (await _client.GetAsync($"/api/experiments/{experiment.Id}/mixtures")).Read<MixtureListResponse>(HttpStatusCode.OK);
        Assert.True(list.Kinds.Single(k => k.Kind == "doremi").Available);
        Assert.False(list.Kinds.Single(k => k.Kind == "chameleon").Available);
        var saved = await (await _client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/mixtures",
            new SaveMixtureRequest("doremi-frozen", From: new MixtureSource("doremi")))).Read<NamedMixtureResponse>(HttpStatusCode.Created);
        Assert.Equal("doremi", saved.Kind);
        Assert.Equal(final, saved.Mixture);
        var (sweep, _) = await _client.CreateSweep(experiment.Id, Explicit() with { Mixtures = [new SweepMixtureSpec(Saved: "doremi-frozen")] });
        Assert.Equal(final, Assert.Single(sweep.Runs).Mixture);

        await ProblemAssert.Is(await _client.GetAsync($"/api/experiments/{experiment.Id}/mixtures/doremi?job=999999"), HttpStatusCode.NotFound, "job");

        // the job's event stream: its stages, the weight points and the end, then it closes
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var events = await _client.GetStringAsync($"/api/mixture-methods/{job.Id}/events", cancel.Token);
        Assert.Contains("event: method-stage", events);
        Assert.Contains("event: doremi-weights", events);
        Assert.Contains("event: run-completed", events);
        Assert.EndsWith("\n\n", events);
        Assert.Contains("event: method-finished", events);
    }

    private async Task PostWeights(Guid leaseId, DomainWeightsPoint point)
    {
        var response = await _client.PostAsJsonAsync($"/api/leases/{leaseId}/domain-weights", point);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cancelling_a_job_cancels_its_current_sweep_and_leaves_no_mixture()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, Domains, tokens: [1e6, 1e6, 2e6]);
        var (job, location) = await Start(experiment.Id, "doremi", new { steps = 10 });
        var sweepId = job.Stages.Single().SweepId;

        var cancelled = await (await _client.PostAsync($"{location}/cancel", null)).Read<MixtureMethodJobResponse>(HttpStatusCode.Accepted);

        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal("cancelled", (await _client.GetSweep(sweepId)).Status);
        Assert.Contains(sweepId, factory.Executor.Cancelled);
        await factory.Advance();
        Assert.Single((await Job(job.Id)).Stages); // nothing launched after the cancel
        await ProblemAssert.Is(await _client.GetAsync($"/api/experiments/{experiment.Id}/mixtures/doremi"), HttpStatusCode.Conflict, "kind");
        await ProblemAssert.Is(await _client.GetAsync($"/api/experiments/{experiment.Id}/mixtures/doremi?job={job.Id}"), HttpStatusCode.Conflict, "job", "cancelled");
        // cancelling again is accepted and changes nothing
        Assert.Equal("cancelled", (await (await _client.PostAsync($"{location}/cancel", null)).Read<MixtureMethodJobResponse>(HttpStatusCode.Accepted)).Status);
    }

    [Fact]
    public async Task Iterated_DoReMi_uses_each_rounds_weights_as_the_next_reference_mixture()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, Domains);
        var (job, _) = await Start(experiment.Id, "doremi", new { referenceMixture = "uniform", steps = 10, rounds = 2 });
        var round1 = Mix(("web", 0.2), ("code", 0.7), ("math", 0.1));
        for (var stage = 0; stage < 4; stage++)
        {
            job = await Job(job.Id);
            var lease = await _client.Claim(job.Stages[stage].SweepId);
            if (lease.Mode is not null)
                await PostWeights(lease.LeaseId, new DomainWeightsPoint(10, round1, stage == 1 ? round1 : Mix(("web", 0.3), ("code", 0.3), ("math", 0.4))));
            if (stage == 2) Assert.Equal(round1["code"], lease.Domains.Single(d => d.Name == "code").Proportion, 12);
            await _client.Complete(lease.LeaseId);
            await factory.Advance();
        }
        job = await Job(job.Id);
        Assert.Equal("completed", job.Status);
        Assert.Equal(["reference", "proxy", "reference", "proxy"], job.Stages.Select(s => s.Stage));
        Assert.Equal([1, 1, 2, 2], job.Stages.Select(s => s.Round));
        Assert.Equal(0.4, job.Weights!["math"], 12);
    }

    [Fact]
    public async Task Chameleon_trains_a_uniform_proxy_on_demand_embeds_and_turns_leverage_into_weights_and_transfers()
    {
        string[] four = ["a", "b", "c", "d"];
        var experiment = await factory.CreateCorpusExperiment(_client, four);
        var (job, _) = await Start(experiment.Id, "chameleon", new { steps = 20, windowsPerDomain = 8 });
        Assert.Equal("uniform-proxy", job.Stage);
        Assert.Null(job.Provenance.Checkpoint);
        var proxySweep = await _client.GetSweep(job.Stages[0].SweepId);
        Assert.All(proxySweep.Runs.Single().Mixture.Values, p => Assert.Equal(0.25, p, 12));
        var lease = await _client.Claim(proxySweep.Id);
        await _client.Complete(lease.LeaseId);
        await factory.Advance();

        job = await Job(job.Id);
        Assert.Equal("embedding", job.Stage);
        var proxyRun = proxySweep.Runs.Single();
        Assert.Equal(new CheckpointSelector(experiment.Id, proxyRun.RunName), job.Provenance.Checkpoint);
        var embedLease = await _client.Claim(job.Stages[1].SweepId);
        Assert.Equal(new LeaseRunMode(LeaseRunMode.Embed, new RunCheckpoint(proxySweep.Id, proxyRun.RunId), WindowsPerDomain: 8, Seed: 1), embedLease.Mode);
        // docs/science.md §4's golden vector as the embeddings
        var vectors = new Dictionary<string, double[]> { ["a"] = [1, 0, 0], ["b"] = [0.8, 0.2, 0], ["c"] = [0, 1, 0], ["d"] = [0, 0, 1] };
        var posted = await _client.PostAsJsonAsync($"/api/leases/{embedLease.LeaseId}/embeddings", new DomainEmbeddings(vectors, 0, 8));
        Assert.True(posted.StatusCode == HttpStatusCode.NoContent, await posted.Content.ReadAsStringAsync());
        await _client.Complete(embedLease.LeaseId);
        await factory.Advance();

        job = await Job(job.Id);
        Assert.Equal("completed", job.Status);
        Assert.Equal([0.164614, 0.621660, 0.110521, 0.103205], four.Select(d => Math.Round(job.Weights![d], 6)));
        Assert.Equal([0.200872, 0.086042, 0.334858, 0.378229], four.Select(d => Math.Round(job.Chameleon!.LeverageScores[d], 6)));
        Assert.Equal([0.168220, 0.094739, 0.328719, 0.408322], four.Select(d => Math.Round(job.Chameleon!.FineTuningWeights[d], 6)));
        var mixture = await (await _client.GetAsync($"/api/experiments/{experiment.Id}/mixtures/chameleon")).Read<MixtureResponse>(HttpStatusCode.OK);
        Assert.Equal(job.Weights, mixture.Mixture);
        Assert.Equal(proxyRun.RunName, mixture.Provenance!.Checkpoint!.Run);

        // a second job on the same experiment reuses the uniform proxy: straight to the embedding
        var (again, _) = await Start(experiment.Id, "chameleon", new { });
        Assert.Equal(["embedding"], again.Stages.Select(s => s.Stage));

        // transfer: another experiment with the same tokenizer embeds its own domains with this checkpoint
        var other = await factory.CreateCorpusExperiment(_client, ["x", "y"]);
        var (transfer, _) = await Start(other.Id, "chameleon", new { checkpoint = new { experimentId = experiment.Id, run = proxyRun.RunName } });
        Assert.Equal(["embedding"], transfer.Stages.Select(s => s.Stage));
        var transferLease = await _client.Claim(transfer.Stages[0].SweepId);
        Assert.Equal(new RunCheckpoint(proxySweep.Id, proxyRun.RunId), transferLease.Mode!.Checkpoint);
        Assert.Equal(["x", "y"], transferLease.Domains.Select(d => d.Name));
    }
}
