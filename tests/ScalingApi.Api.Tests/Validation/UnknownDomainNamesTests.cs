using System.Net;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.Validation;

/// <summary>Wherever a domain name is looked up, a name that is not the experiment's is answered with the valid ones.</summary>
public sealed class UnknownDomainNamesTests(TwoDomainFitFactory factory) : IClassFixture<TwoDomainFitFactory>
{
    private const string Listed = "the experiment's domains are web, code";
    private readonly HttpClient _client = factory.Authorized();

    [Fact]
    public async Task A_run_mixture_with_an_unknown_domain_lists_the_domains()
    {
        var response = await _client.PostRaw($"/api/experiments/{factory.ExperimentId}/runs", """{"name":"r9","mixture":{"web":0.5,"Code":0.5}}""");
        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "mixture.Code", Listed);
    }

    [Fact]
    public async Task An_observation_of_an_unknown_domain_lists_the_domains_for_json_and_csv()
    {
        var json = await _client.PostRaw($"/api/experiments/{factory.ExperimentId}/observations", """[{"run":"r1","step":10,"domain":"wbe","loss":3}]""");
        await ProblemAssert.Is(json, HttpStatusCode.BadRequest, "[0].domain", Listed);
        var csv = await _client.PostRaw($"/api/experiments/{factory.ExperimentId}/observations", "run,step,domain,loss\nr1,10,wbe,3\n", "text/csv");
        await ProblemAssert.Is(csv, HttpStatusCode.BadRequest, "domain", Listed, line: 2);
    }

    [Fact]
    public async Task Prediction_mixtures_and_weights_with_an_unknown_domain_list_the_domains()
    {
        var mixture = await _client.PostRaw($"/api/fits/{factory.FitId}/predictions", """{"points":[{"steps":100,"mixture":{"web":0.5,"math":0.5}}]}""");
        await ProblemAssert.Is(mixture, HttpStatusCode.BadRequest, "points[0].mixture.math", Listed);
        var weights = await _client.PostRaw($"/api/fits/{factory.FitId}/predictions",
            """{"points":[{"steps":100,"mixture":{"web":0.5,"code":0.5}}],"weights":{"web":1,"maths":1}}""");
        await ProblemAssert.Is(weights, HttpStatusCode.BadRequest, "weights.maths", Listed);
    }

    [Fact]
    public async Task Optimal_mixture_bounds_with_an_unknown_domain_list_the_domains()
    {
        var response = await _client.PostRaw($"/api/fits/{factory.FitId}/optimal-mixture", """{"steps":100,"bounds":{"wiki":{"min":0,"max":0.5}}}""");
        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "bounds.wiki", Listed);
    }

    [Fact]
    public async Task A_plot_of_an_unknown_domain_lists_the_domains()
    {
        var response = await _client.GetAsync($"/api/fits/{factory.FitId}/plots/curves.svg?domain=wiki");
        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "domain", Listed);
    }
}
