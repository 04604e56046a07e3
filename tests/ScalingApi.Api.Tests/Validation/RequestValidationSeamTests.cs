using System.Net;
using ScalingApi.Api.Tests.Infrastructure;
using Xunit;

namespace ScalingApi.Api.Tests.Validation;

/// <summary>
/// Issue 14: a request body's own rules run in one place, an endpoint filter before the handler, so the handler
/// and the services below it never see a malformed request.
/// </summary>
public sealed class RequestValidationSeamTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    [Fact]
    public async Task A_malformed_body_is_refused_before_the_handler_looks_anything_up()
    {
        // no experiment 987654: the handler would answer 404, the filter answers first
        var response = await _client.PostRaw("/api/experiments/987654/fits", """{"law":"bimix","bootstrap":-1}""");

        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "bootstrap", "between 0");
    }

    [Fact]
    public async Task Every_broken_rule_of_an_experiment_is_named_at_once_and_nothing_is_written()
    {
        var before = factory.CountRows("experiments");

        var response = await _client.PostRaw("/api/experiments", """{"name":" ","domains":[{"name":"a"},{"name":"a"}],"tokensPerStep":-1,"tokenizer":"nope"}""");

        var problem = await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "name");
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Equal(["name", "tokensPerStep", "domains[1].name", "tokenizer"], fields);
        Assert.Equal(before, factory.CountRows("experiments"));
    }
}
