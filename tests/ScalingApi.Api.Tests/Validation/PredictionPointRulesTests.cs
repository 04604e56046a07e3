using System.Net;
using ScalingApi.Api.Tests.Infrastructure;
using Xunit;

namespace ScalingApi.Api.Tests.Validation;

/// <summary>
/// Issue 14: a prediction point's rules live in one validator for every law, so a BiMix fit no longer lets a point's model size
/// or schedule through unchecked (its service ignored both); valid ones are still accepted and ignored by BiMix.
/// </summary>
public sealed class PredictionPointRulesTests(TwoDomainFitFactory factory) : IClassFixture<TwoDomainFitFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    private Task<HttpResponseMessage> Predict(string point) =>
        _client.PostRaw($"/api/fits/{factory.FitId}/predictions", $$"""{"points":[{"steps":100,"mixture":{"web":0.5,"code":0.5}{{point}}}]}""");

    [Fact]
    public async Task A_bimix_point_with_a_negative_model_size_or_a_broken_schedule_is_refused()
    {
        await ProblemAssert.Is(await Predict(""","parameters":-1"""), HttpStatusCode.BadRequest, "points[0].parameters", "> 0");
        await ProblemAssert.Is(await Predict(""","learningRateSchedule":{"kind":"cosine","peak":1e-3}"""), HttpStatusCode.BadRequest,
            "points[0].learningRateSchedule.totalSteps", "required");
    }

    [Fact]
    public async Task A_bimix_point_with_a_valid_model_size_and_schedule_is_answered()
    {
        var response = await Predict(""","parameters":1e6,"learningRateSchedule":{"kind":"constant","peak":1e-3}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
