using System.Net;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.Validation;

/// <summary>
/// A misspelt field used to be dropped silently: <c>"hold_out"</c> gave a fit without hold-out. Every JSON
/// body now refuses members its contract does not have, naming the member's path and the fields it could be.
/// </summary>
public sealed class UnknownJsonFieldTests(TwoDomainFitFactory factory) : IClassFixture<TwoDomainFitFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    [Fact]
    public async Task A_misspelt_holdout_is_400_naming_it_and_the_valid_fields_and_no_fit_is_stored()
    {
        var id = factory.ExperimentId;
        var before = factory.CountRows("fits");
        var response = await _client.PostRaw($"/api/experiments/{id}/fits",
            """{"law":"bimix","bootstrap":0,"hold_out":{"kind":"last-step"}}""");
        var problem = await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "hold_out", "unknown field");
        Assert.Contains("holdout", problem.GetProperty("errors")[0].GetProperty("rule").GetString());
        Assert.DoesNotContain("ScalingApi.", problem.ToString());
        Assert.Equal(before, factory.CountRows("fits"));

        // the same body spelt right is a fit with hold-out: the refusal is about the name alone
        var fit = await (await _client.PostRaw($"/api/experiments/{id}/fits", """{"law":"bimix","bootstrap":0,"holdout":{"kind":"last-step"}}"""))
            .Read<FitResponse>(HttpStatusCode.Created);
        Assert.Equal("last-step", fit.Holdout!.Kind);
    }

    [Fact]
    public async Task An_unknown_member_of_a_nested_object_is_named_by_its_path()
    {
        var id = factory.ExperimentId;
        var response = await _client.PostRaw($"/api/experiments/{id}/fits",
            """{"law":"bimix","bootstrap":0,"holdout":{"kind":"last-step","kind_x":1}}""");
        var problem = await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "holdout.kind_x", "unknown field");
        Assert.Contains("kind, runs", problem.GetProperty("errors")[0].GetProperty("rule").GetString());
    }

    [Fact]
    public async Task An_unknown_member_of_an_observation_in_an_array_is_named_with_its_index_and_nothing_is_written()
    {
        var id = factory.ExperimentId;
        var before = factory.CountRows("observations");
        var response = await _client.PostRaw($"/api/experiments/{id}/observations",
            """[{"run":"r1","step":999,"domain":"web","loss":2.5},{"run":"r1","step":999,"domain":"code","loss":2.5,"weight":3}]""");
        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "[1].weight", "unknown field");
        Assert.Equal(before, factory.CountRows("observations"));
    }

    [Fact]
    public async Task An_unknown_member_when_creating_an_experiment_is_400_and_nothing_is_created()
    {
        var before = factory.CountRows("experiments");
        var response = await _client.PostRaw("/api/experiments", """{"name":"typo","domains":[{"name":"a","token":5}]}""");
        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "domains[0].token", "tokens");
        Assert.Equal(before, factory.CountRows("experiments"));
    }

    [Fact]
    public async Task Members_of_a_mixture_map_are_domain_names_not_fields_and_stay_accepted()
    {
        var response = await _client.PostRaw($"/api/experiments/{factory.ExperimentId}/runs", """{"name":"r-mixture","mixture":{"web":0.5,"code":0.5}}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
