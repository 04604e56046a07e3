using System.Net;
using System.Text;
using System.Text.Json;
using ScalingApi.Api.Tests.Infrastructure;
using Xunit;

namespace ScalingApi.Api.Tests.Hardening;

/// <summary>Issue 13, defect 6: error bodies quote a bounded prefix of a bad value and say how long it was.</summary>
public sealed class EchoedInputTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const int Huge = 10 * 1024 * 1024;
    private readonly HttpClient _client = factory.Authorized();

    [Fact]
    public async Task A_ten_megabyte_run_name_gives_a_small_error_that_says_how_long_it_was()
    {
        var experiment = await _client.CreateExperiment(["a", "b"]);
        var name = new string('x', Huge);

        var response = await _client.PostRaw($"/api/experiments/{experiment.Id}/observations", $"run,step,domain,loss\n{name},1,a,2.5\n", "text/csv");

        var problem = await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "run", "10,485,760 characters", line: 2);
        var size = (await response.Content.ReadAsByteArrayAsync()).Length;
        Assert.True(size < 4_000, $"error body of {size:N0} bytes for a {Huge:N0}-character name");
        Assert.Contains(new string('x', 200) + "…", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Huge_names_in_many_json_points_stay_bounded_too()
    {
        var experiment = await _client.CreateExperiment(["a", "b"]);
        var name = new string('y', 1_000_000);
        var points = Enumerable.Range(1, 30).Select(step => new { run = "r", step, domain = name, loss = 2.5 });

        var response = await _client.PostRaw($"/api/experiments/{experiment.Id}/observations", JsonSerializer.Serialize(points));

        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "[0].domain", "1,000,000 characters");
        var size = (await response.Content.ReadAsByteArrayAsync()).Length;
        Assert.True(size < 40_000, $"error body of {size:N0} bytes for 30 points with 1 MB names");
    }

    [Fact]
    public async Task A_huge_unknown_run_in_a_query_is_not_echoed_whole()
    {
        var experiment = await _client.CreateExperiment(["a", "b"]);
        var name = new string('z', 6_000); // within Kestrel's request-line limit
        var response = await _client.GetAsync($"/api/experiments/{experiment.Id}/observations?run={name}");
        await ProblemAssert.Is(response, HttpStatusCode.NotFound, "run", "6,000 characters");
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length < 2_000);
    }
}
