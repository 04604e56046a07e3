using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Api.Tests.Sweeps;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;

namespace ScalingApi.Api.Tests.Robustness;

/// <summary>The ids of one of every resource, so generated requests can hit existing ids as well as missing ones.</summary>
public sealed record SeededWorld(long ExperimentId, long FitId, long SweepId, long CorpusJobId, Guid LeaseId, string SavedMixture);

/// <summary>
/// The sweep test host (recording executor, so no worker processes are started) seeded once with an
/// experiment that has corpora, runs, observations, a fit, a sweep with a claimed lease, a saved mixture
/// and a corpus-statistics job.
/// </summary>
public sealed class RobustnessApiFactory : SweepApiFactory
{
    // thousands of rejected requests: per-request information logs would dominate the run time
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Limits:DefaultBootstrap"] = "0",
        ["Logging:LogLevel:ScalingApi.Host.Errors"] = "Error",
    };

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SeededWorld? _world;

    public async Task<SeededWorld> World()
    {
        await _gate.WaitAsync();
        try { return _world ??= await Seed(); }
        finally { _gate.Release(); }
    }

    private async Task<SeededWorld> Seed()
    {
        var client = Authorized();
        var experiment = await CreateCorpusExperiment(client, SyntheticSweep.Domains, SyntheticSweep.Tokens);
        foreach (var run in SyntheticSweep.TrainingRuns) await client.CreateRun(experiment.Id, run, SyntheticSweep.MixtureOf(run));
        (await client.PostRaw($"/api/experiments/{experiment.Id}/observations", SyntheticSweep.Csv(SyntheticSweep.TrainingRuns, seed: 3), "text/csv"))
            .EnsureSuccessStatusCode();
        var fit = await (await client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/fits", new CreateFitRequest("bimix", "huber", Bootstrap: 0)))
            .Read<FitResponse>(HttpStatusCode.Created);
        var (sweep, _) = await client.CreateSweep(experiment.Id, SweepClient.Explicit(SyntheticSweep.MixtureOf(SyntheticSweep.UnseenRun)));
        var lease = await client.Claim(sweep.Id);
        await (await client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/mixtures",
            new SaveMixtureRequest("saved1", SyntheticSweep.MixtureOf("baseline")))).Read<NamedMixtureResponse>(HttpStatusCode.Created);
        var job = await (await client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/corpus-stats", new StartCorpusStatsRequest()))
            .Read<CorpusStatsJobResponse>(HttpStatusCode.Accepted);
        return new SeededWorld(experiment.Id, fit.Id, sweep.Id, job.Id, lease.LeaseId, "saved1");
    }
}
