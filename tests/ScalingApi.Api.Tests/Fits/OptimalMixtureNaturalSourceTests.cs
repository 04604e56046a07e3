using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Corpora;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.Fits;

/// <summary>
/// Optimal mixtures of experiments whose domains point at small corpora of different sizes: the natural
/// mixture and data limits use declared token counts, else the measured ones, and say which.
/// </summary>
public sealed class OptimalMixtureNaturalSourceTests(CorporaApiFactory factory) : IClassFixture<CorporaApiFactory>
{
    private static readonly string[] Domains = ["a", "b", "c"];
    private static readonly (double B, double C, double Alpha, double Beta)[] Truth = [(6, 2.0, 0.10, 0.40), (5, 1.5, 0.20, 0.30), (7, 2.5, 0.15, 0.35)];
    private readonly HttpClient _client = factory.Authorized();

    /// <summary>Corpora of ~1, 3 and 6 kB under a fresh folder, an experiment over them, 4 runs with known curves, and a fit.</summary>
    private async Task<(long ExperimentId, string Folder, long FitId)> Fitted(double[]? declaredTokens = null)
    {
        var folder = "sizes-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < Domains.Length; i++)
            factory.WriteCorpusFile($"{folder}/{Domains[i]}.txt", string.Concat(Enumerable.Repeat($"words of domain {Domains[i]} in a line.\n\n", 40 * (1 + i * i))));
        var experiment = await (await _client.PostAsJsonAsync("/api/experiments", new CreateExperimentRequest("sizes-" + folder,
            Domains.Select((d, i) => new DomainSpec(d, declaredTokens?[i], $"{folder}/{d}.txt")).ToList()))).Read<ExperimentResponse>(HttpStatusCode.Created);

        var curves = new KnownLawCurves(Domains, Truth);
        double[][] mixtures = [[0.2, 0.3, 0.5], [0.5, 0.3, 0.2], [0.3, 0.5, 0.2], [0.4, 0.2, 0.4]];
        for (var k = 0; k < mixtures.Length; k++)
        {
            var mixture = Domains.Select((d, i) => (d, mixtures[k][i])).ToDictionary();
            await _client.CreateRun(experiment.Id, $"r{k}", mixture);
            curves.Add($"r{k}", mixture);
        }
        await (await _client.PostRaw($"/api/experiments/{experiment.Id}/observations", curves.Csv, "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
        var fit = await (await _client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/fits", new CreateFitRequest("bimix", Bootstrap: 0)))
            .Read<FitResponse>(HttpStatusCode.Created);
        return (experiment.Id, folder, fit.Id);
    }

    private async Task<OptimalMixtureResponse> Optimal(long fitId, DataLimits? limits = null) =>
        await (await _client.PostAsJsonAsync($"/api/fits/{fitId}/optimal-mixture", new OptimalMixtureRequest(Steps: 200, DataLimits: limits)))
            .Read<OptimalMixtureResponse>(HttpStatusCode.OK);

    [Fact]
    public async Task Without_declared_tokens_natural_and_data_limits_use_the_measured_counts_once_measured()
    {
        var (experimentId, folder, fitId) = await Fitted();
        var limitsBody = """{"steps":200,"dataLimits":{"totalTokens":10000,"maxEpochs":1}}""";

        var before = await Optimal(fitId);
        Assert.Null(before.Natural);
        Assert.Null(before.NaturalSource);
        Assert.Contains("corpus-stats", before.NaturalUnavailable);
        await ProblemAssert.Is(await _client.PostRaw($"/api/fits/{fitId}/optimal-mixture", limitsBody), HttpStatusCode.BadRequest, "dataLimits", "unavailable");

        var stats = await _client.MeasureToCompletion(experimentId);
        var tokens = stats.Domains.Select(d => (double)d.Results!.Tokens).ToArray();
        Assert.True(tokens[0] < tokens[1] && tokens[1] < tokens[2], "the corpora differ in size, so natural is not uniform");

        var total = 0.8 * tokens.Sum(); // one epoch of 80 % of all the data: every domain capped at tokens_i / total, feasible
        var limits = new DataLimits(TotalTokens: total, MaxEpochs: 1);
        var after = await Optimal(fitId, limits);
        Assert.Equal("measured", after.NaturalSource);
        Assert.Equal("bytes", after.NaturalTokenizer);
        Assert.Null(after.NaturalUnavailable);
        var natural = await (await _client.GetAsync($"/api/experiments/{experimentId}/mixtures/natural")).Read<MixtureResponse>(HttpStatusCode.OK);
        for (var i = 0; i < Domains.Length; i++)
        {
            Assert.Equal(tokens[i] / tokens.Sum(), after.Natural!.Mixture[Domains[i]].Value, 12);
            Assert.Equal(natural.Mixture[Domains[i]], after.Natural.Mixture[Domains[i]].Value, 12);
            Assert.Equal(Math.Min(1, tokens[i] / total), after.BoundsApplied[Domains[i]].Max, 12);
            Assert.InRange(after.Optimal.Mixture[Domains[i]].Value, 0, after.BoundsApplied[Domains[i]].Max + 1e-9);
        }

        // a corpus changed on disk has no current statistics: back to unavailable, not stale counts
        factory.WriteCorpusFile($"{folder}/a.txt", "changed\n");
        var changed = await Optimal(fitId);
        Assert.Null(changed.Natural);
        Assert.Contains("domains[0].corpus", changed.NaturalUnavailable);
    }

    [Fact]
    public async Task Declared_tokens_take_precedence_and_are_reported_as_declared()
    {
        var (experimentId, _, fitId) = await Fitted(declaredTokens: [1e6, 3e6, 6e6]);
        await _client.MeasureToCompletion(experimentId);

        var response = await Optimal(fitId, new DataLimits(TotalTokens: 5e6, MaxEpochs: 1));
        Assert.Equal("declared", response.NaturalSource);
        Assert.Null(response.NaturalTokenizer);
        Assert.Equal([0.1, 0.3, 0.6], Domains.Select(d => Math.Round(response.Natural!.Mixture[d].Value, 12)));
        Assert.Equal([0.2, 0.6, 1.0], Domains.Select(d => Math.Round(response.BoundsApplied[d].Max, 12)));
    }
}
