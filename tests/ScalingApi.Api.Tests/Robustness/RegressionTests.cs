using System.Net;
using System.Net.Http.Json;
using System.Text;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.Robustness;

/// <summary>One focused test per distinct defect the generated battery found.</summary>
public sealed class RegressionTests(RobustnessApiFactory factory) : IClassFixture<RobustnessApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    [Fact]
    public async Task A_request_body_in_an_unknown_charset_is_415_naming_content_type_not_500()
    {
        var content = new StringContent("{\"name\":\"x\",\"domains\":[{\"name\":\"a\"}]}");
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=klingon");
        var response = await _client.PostAsync("/api/experiments", content);
        await ProblemAssert.Is(response, HttpStatusCode.UnsupportedMediaType, "Content-Type", "klingon");
    }

    [Fact]
    public async Task Framework_problems_for_unknown_routes_carry_a_detail()
    {
        var response = await _client.GetAsync("/api/experiments/abc");
        var problem = await ProblemAssert.Is(response, HttpStatusCode.NotFound, "path");
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task A_json_body_of_the_wrong_shape_is_described_without_dotnet_type_names()
    {
        var world = await factory.World();
        var response = await _client.PostRaw($"/api/experiments/{world.ExperimentId}/observations", "{}");
        var body = (await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "body", "documented JSON type")).ToString();
        Assert.DoesNotContain("System.", body);
        Assert.DoesNotContain("ScalingApi.", body);
    }

    [Fact]
    public async Task A_null_prediction_point_is_400_naming_it_not_500()
    {
        var world = await factory.World();
        var response = await _client.PostRaw($"/api/fits/{world.FitId}/predictions", "{\"points\":[null]}");
        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "points[0]", "not null");
    }

    [Theory]
    [InlineData("replace", "maybe")]
    [InlineData("replace", "2")]
    public async Task An_unreadable_replace_flag_is_400_naming_replace(string name, string value)
    {
        var world = await factory.World();
        var response = await _client.PostRaw($"/api/experiments/{world.ExperimentId}/observations?{name}={value}", "[]");
        var problem = await ProblemAssert.Is(response, HttpStatusCode.BadRequest, name, value);
        Assert.DoesNotContain("Nullable", problem.ToString());
    }

    [Fact]
    public async Task An_unreadable_after_on_the_event_stream_is_400_naming_after()
    {
        var world = await factory.World();
        var response = await _client.GetAsync($"/api/sweeps/{world.SweepId}/events?after=abc");
        var problem = await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "after", "abc");
        Assert.DoesNotContain("Nullable", problem.ToString());
    }

    [Fact]
    public async Task A_missing_body_is_400_saying_a_body_is_required()
    {
        var world = await factory.World();
        var response = await _client.PostAsync($"/api/leases/{world.LeaseId}/fail", null);
        var problem = await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "body", "required");
        Assert.DoesNotContain("Service", problem.ToString());
    }

    [Theory]
    [InlineData("xyz")]
    [InlineData("-5")]
    public async Task A_last_event_id_that_is_not_an_event_id_is_400_naming_the_header(string value)
    {
        var world = await factory.World();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sweeps/{world.SweepId}/events");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", value);
        await ProblemAssert.Is(await _client.SendAsync(request), HttpStatusCode.BadRequest, "Last-Event-ID");
    }

    [Fact]
    public async Task A_temperature_that_is_not_a_number_is_400_naming_temperature()
    {
        var world = await factory.World();
        var response = await _client.GetAsync($"/api/experiments/{world.ExperimentId}/mixtures/entropy-ce?temperature=abc");
        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "temperature");
    }
}
