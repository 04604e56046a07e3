using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.Laws;

/// <summary>dataLimits.repetition through the optimal-mixture endpoint: a small domain "b" the law wants much of.</summary>
public sealed class RepetitionApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly (double B, double C, double Alpha, double Beta)[] Truth = [(6, 2.0, 0.10, 0.40), (5, 1.5, 0.30, 0.30)];
    private const double TotalTokens = 1e9, SmallUnique = 1e8;
    private readonly HttpClient _client = factory.Authorized();

    private async Task<FitResponse> Fit()
    {
        var id = (await _client.CreateExperiment(["a", "b"], tokensPerStep: 1024, tokens: [1e12, SmallUnique])).Id;
        var curves = new KnownLawCurves(["a", "b"], Truth);
        foreach (var share in new[] { 0.2, 0.5, 0.8 })
        {
            var mixture = new Dictionary<string, double> { ["a"] = share, ["b"] = 1 - share };
            await _client.CreateRun(id, $"mix-{share}", mixture);
            curves.Add($"mix-{share}", mixture);
        }
        await (await _client.PostRaw($"/api/experiments/{id}/observations", curves.Csv, "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
        return await (await _client.PostAsJsonAsync($"/api/experiments/{id}/fits", new CreateFitRequest("bimix", Bootstrap: 0)))
            .Read<FitResponse>(HttpStatusCode.Created);
    }

    private async Task<OptimalMixtureResponse> Optimal(long fitId, DataLimits? limits) =>
        await (await _client.PostAsJsonAsync($"/api/fits/{fitId}/optimal-mixture", new OptimalMixtureRequest(Steps: 1000, DataLimits: limits)))
            .Read<OptimalMixtureResponse>(HttpStatusCode.OK);

    [Fact]
    public async Task Diminishing_repetition_moves_the_small_domain_between_the_one_epoch_cap_and_no_limit()
    {
        var fit = await Fit();
        var unlimited = await Optimal(fit.Id, null);
        var capped = await Optimal(fit.Id, new DataLimits(TotalTokens, 1));
        var diminishing = await Optimal(fit.Id, new DataLimits(TotalTokens, 0) { Repetition = "diminishing" });

        Assert.Equal(0.1, capped.Optimal.Mixture["b"].Value, 9);
        var share = diminishing.Optimal.Mixture["b"].Value;
        Assert.InRange(share, capped.Optimal.Mixture["b"].Value + 0.01, unlimited.Optimal.Mixture["b"].Value - 0.01);
        Assert.Equal(1, diminishing.BoundsApplied["b"].Max); // no wall

        // b is repeated (share × 1e9 > 1e8 unique tokens): its loss is the law's at the effective proportion
        var repeats = share * TotalTokens / SmallUnique - 1;
        var effective = (SmallUnique + SmallUnique * 15.387756 * (1 - Math.Exp(-repeats / 15.387756))) / TotalTokens;
        var b = fit.Domains[1];
        var expected = Math.Pow(effective, -b.Alpha!.Value) * (b.B * Math.Pow(1000, -b.Beta) + b.C);
        Assert.Equal(expected, diminishing.Optimal.Losses["b"].Loss, 9);
        Assert.True(diminishing.Optimal.Average.Loss < capped.Optimal.Average.Loss);
    }

    [Fact]
    public async Task An_unknown_repetition_mode_is_refused_naming_the_field()
    {
        var fit = await Fit();
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/fits/{fit.Id}/optimal-mixture",
                new OptimalMixtureRequest(Steps: 1000, DataLimits: new DataLimits(TotalTokens, 2) { Repetition = "forever" })),
            HttpStatusCode.BadRequest, "dataLimits.repetition", "diminishing");
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/fits/{fit.Id}/optimal-mixture",
                new OptimalMixtureRequest(Steps: 1000, DataLimits: new DataLimits(TotalTokens, 0))),
            HttpStatusCode.BadRequest, "dataLimits.maxEpochs");
    }
}
