using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ScalingApi.Contracts;
using ScalingApi.Corpora.Synthetic;

namespace ScalingApi.EndToEnd.Tests;

/// <summary>
/// Issue 8: DoReMi and Chameleon jobs posted over HTTP are trained by real worker processes that the local executor
/// starts, on a synthetic corpus of two learnable low-entropy Markov domains and one of uniformly random letters.
/// </summary>
public sealed class MixtureMethodEndToEndTests : IAsyncLifetime
{
    private readonly ServiceUnderTest _service = new();
    private HttpClient _client = null!;
    private string[] _domainNames = null!;

    public Task InitializeAsync()
    {
        _client = _service.Authorized();
        // concentration 0.1: peaked transition rows (learnable); 1e4: every row ≈ uniform over the 8 letters (irreducible)
        _domainNames = SyntheticCorpusGenerator.Generate(new SyntheticCorpusSpec(Path.Combine(_service.CorpusRoot, "synth"), Domains: 3,
            DocumentsPerDomain: 40, DocumentLength: 400, Seed: 5, Concentrations: [0.1, 0.1, 1e4])).Select(d => d.Name).ToArray();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _service.DisposeAsync();
    }

    private string Random => _domainNames[2];

    private async Task<long> CreateExperiment(string name, double[] tokens)
    {
        var request = new CreateExperimentRequest(name, _domainNames.Select((d, i) => new DomainSpec(d, tokens[i], $"synth/{d}")).ToArray(), Tokenizer: "bytes");
        var response = await _client.PostAsJsonAsync("/api/experiments", request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ExperimentResponse>())!.Id;
    }

    private async Task<MixtureMethodJobResponse> Run(long experimentId, string method, object body, TimeSpan timeout)
    {
        var response = await _client.PostAsJsonAsync($"/api/experiments/{experimentId}/mixture-methods/{method}", body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.OriginalString;
        var deadline = DateTime.UtcNow + timeout;
        MixtureMethodJobResponse job;
        do
        {
            await Task.Delay(250);
            job = (await _client.GetFromJsonAsync<MixtureMethodJobResponse>(location))!;
        } while (job.Status == "running" && DateTime.UtcNow < deadline);
        Assert.True(job.Status == "completed", $"{method} job {job.Status} at stage {job.Stage} after {timeout}: {job.Error}");
        return job;
    }

    [Fact]
    public async Task DoReMi_and_Chameleon_jobs_train_through_the_local_executor_and_serve_their_mixtures()
    {
        var clock = Stopwatch.StartNew();
        var experimentId = await CreateExperiment("e2e-methods", [2e6, 1e6, 1e6]);

        var doremi = await Run(experimentId, "doremi", new { preset = "tiny", steps = 30, executor = "local" }, TimeSpan.FromMinutes(10));
        Assert.Equal(["reference", "proxy"], doremi.Stages.Select(s => s.Stage));
        Assert.True(doremi.Weights![Random] < 1 / 3.0, $"DoReMi gave the random domain {doremi.Weights[Random]:F4}, not less than uniform");
        Assert.Equal(1.0, doremi.Weights.Values.Sum(), 6);
        Assert.NotEmpty(doremi.Trajectory);
        Assert.Equal(30, doremi.Trajectory[^1].Step);
        Assert.Equal(doremi.Weights, doremi.Trajectory[^1].Average);
        Assert.True(doremi.Compute.Tokens >= 2L * 30 * 16 * 64, $"tokens {doremi.Compute.Tokens}");
        Assert.True(doremi.Compute.DeviceSeconds > 0 && doremi.Compute.EstimatedFlops > 0);
        var served = (await _client.GetFromJsonAsync<MixtureResponse>($"/api/experiments/{experimentId}/mixtures/doremi"))!;
        Assert.Equal(doremi.Weights, served.Mixture);
        Assert.Equal(doremi.Id, served.Provenance!.JobId);
        Console.WriteLine($"doremi: {string.Join(", ", doremi.Weights.Select(kv => $"{kv.Key}={kv.Value:F4}"))}; " +
                          $"{doremi.Compute.DeviceSeconds:F1} device-s, {doremi.Compute.EstimatedFlops:E2} FLOPs");

        // natural is not uniform here, so the default embedding proxy is trained on demand
        var chameleon = await Run(experimentId, "chameleon", new { steps = 30, windowsPerDomain = 16 }, TimeSpan.FromMinutes(6));
        Assert.Equal(["uniform-proxy", "embedding"], chameleon.Stages.Select(s => s.Stage));
        Assert.Equal(1.0, chameleon.Weights!.Values.Sum(), 6);
        Assert.Equal(64, chameleon.Chameleon!.Dimensions);
        var list = (await _client.GetFromJsonAsync<MixtureListResponse>($"/api/experiments/{experimentId}/mixtures"))!;
        Assert.True(list.Kinds.Single(k => k.Kind == "chameleon").Available);
        Assert.True(list.Kinds.Single(k => k.Kind == "doremi").Available);

        // transfer: another experiment with the same tokenizer embeds with this experiment's proxy, training nothing
        var otherId = await CreateExperiment("e2e-transfer", [1e6, 1e6, 1e6]);
        var transfer = await Run(otherId, "chameleon", new { checkpoint = chameleon.Provenance.Checkpoint, windowsPerDomain = 16 }, TimeSpan.FromMinutes(4));
        Assert.Equal(["embedding"], transfer.Stages.Select(s => s.Stage));
        // same proxy, same corpora, same windows: the same weights
        foreach (var d in _domainNames) Assert.Equal(chameleon.Weights[d], transfer.Weights![d], 9);
        Console.WriteLine($"chameleon: {string.Join(", ", chameleon.Weights.Select(kv => $"{kv.Key}={kv.Value:F4}"))}; " +
                          $"{chameleon.Compute.DeviceSeconds:F1} device-s; e2e {clock.Elapsed.TotalSeconds:F1}s");
    }
}
