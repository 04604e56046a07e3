using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using ScalingApi.Corpora.Synthetic;

namespace ScalingApi.EndToEnd.Tests;

/// <summary>
/// Issue 9: a comparison posted over HTTP is trained by the real worker through the local executor and
/// returns the paired table. The corpus makes the winner known by construction: two learnable Markov
/// domains and one of uniformly random characters; a mixture that spends half its budget on the random
/// domain sees half as much learnable text and must lose on the average loss over the learnable domains.
/// </summary>
public sealed class ComparisonEndToEndTests : IAsyncLifetime
{
    private readonly ServiceUnderTest _service = new();
    private HttpClient _client = null!;
    private string[] _learnable = null!;

    public async Task InitializeAsync()
    {
        _client = _service.Authorized();
        var generated = SyntheticCorpusGenerator.Generate(new SyntheticCorpusSpec(
            Path.Combine(_service.CorpusRoot, "synth"), Domains: 2, DocumentsPerDomain: 60, DocumentLength: 400, Seed: 5, Concentrations: [0.1, 0.3]));
        _learnable = generated.Select(d => d.Name).ToArray();
        var random = new Random(9);
        var noise = Enumerable.Range(0, 60).Select(_ => new string(Enumerable.Range(0, 400).Select(_ => (char)random.Next(33, 127)).ToArray()));
        Directory.CreateDirectory(Path.Combine(_service.CorpusRoot, "noise"));
        await File.WriteAllTextAsync(Path.Combine(_service.CorpusRoot, "noise", "noise.txt"), string.Join("\n\n", noise));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _service.DisposeAsync();
    }

    [Fact]
    public async Task Half_the_budget_on_random_text_loses_on_the_learnable_domains()
    {
        var clock = Stopwatch.StartNew();
        var domains = _learnable.Select(d => new DomainSpec(d, Corpus: $"synth/{d}")).Append(new DomainSpec("noise", Corpus: "noise")).ToArray();
        var experiment = await (await _client.PostAsJsonAsync("/api/experiments", new CreateExperimentRequest("e2e-comparison", domains))).Content
            .ReadFromJsonAsync<ExperimentResponse>();

        Dictionary<string, double> Mixture(double a, double b, double noise) => new() { [_learnable[0]] = a, [_learnable[1]] = b, ["noise"] = noise };
        var response = await _client.PostAsJsonAsync($"/api/experiments/{experiment!.Id}/comparisons", new CreateComparisonRequest(
            [new ComparisonCandidateSpec(Name: "half-noise", Mixture: Mixture(0.25, 0.25, 0.5)), new ComparisonCandidateSpec(Name: "learnable", Mixture: Mixture(0.5, 0.5, 0))],
            Steps: 40, Seeds: 2, Baseline: "learnable", Executor: "local",
            Model: new ProxyModelSpec("tiny", Layers: 1, Heads: 2, ModelWidth: 32, ContextLength: 16, BatchSize: 8),
            Checkpoints: new CheckpointSpec(Steps: [20, 40]), AverageOver: _learnable));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.OriginalString;

        var comparison = await ServiceUnderTest.WaitUntilFinal<ComparisonResponse>(_client, location, TimeSpan.FromMinutes(10), c => c.Status, c => $"{c.Progress}");

        Assert.True(comparison.Status == "completed", $"comparison {comparison.Status}");
        Assert.Equal(2, comparison.SeedsCompared);
        var results = comparison.Results!;
        Assert.Equal(["learnable", "half-noise"], results.Select(r => r.Label));
        var loser = results[1];
        Assert.Equal(2, loser.Rank);
        Assert.True(loser.VersusBaseline.Mean > 0, $"half-noise minus learnable = {loser.VersusBaseline.Mean}");
        Assert.Equal(0, loser.VersusBaseline.DomainsImproved);
        Assert.Equal(2, loser.VersusBaseline.DomainsAveraged);
        Assert.NotNull(loser.VersusBaseline.Lower);
        Assert.All(results, r => Assert.All(r.Losses.Values, l => Assert.InRange(l.Mean, 0.05, 6.0)));
        // trained on random text, half-noise is better there: the average leaves that domain out on purpose
        Assert.True(loser.Losses["noise"].Mean < results[0].Losses["noise"].Mean);
        Assert.NotNull(results[0].StepsToBaseline);
        Assert.Null(loser.StepsToBaseline); // never as good as the baseline's final average
        Assert.True(comparison.Compute.Tokens >= 4L * 40 * 8 * 16, $"compute tokens {comparison.Compute.Tokens}");

        var events = await _client.GetStringAsync($"{location}/events");
        Assert.Contains("event: sweep-finished", events);
        Console.WriteLine($"e2e comparison: {clock.Elapsed.TotalSeconds:F1}s, difference {loser.VersusBaseline.Mean:F4} [{loser.VersusBaseline.Lower:F4}, {loser.VersusBaseline.Upper:F4}]");
    }
}
