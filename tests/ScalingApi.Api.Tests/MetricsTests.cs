using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests;

/// <summary>OpenTelemetry metrics in the Prometheus text format at /metrics, open like /health even when reads need the key.</summary>
public sealed class MetricsTests(KeyForReadsFactory factory) : IClassFixture<KeyForReadsFactory>
{
    private static double Sample(string scrape, string metric, string labels)
    {
        var line = scrape.Split('\n').FirstOrDefault(l => l.StartsWith(metric + "{") && labels.Split(',').All(l.Contains));
        Assert.True(line is not null, $"no {metric}{{{labels}}} in the scrape:\n{scrape}");
        return double.Parse(line.Split(' ')[^1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_scrape_after_a_fit_reports_the_fit_time_and_request_latency_without_a_key()
    {
        var client = factory.Authorized();
        var experiment = await client.CreateExperiment(["a", "b"]);
        await client.CreateRun(experiment.Id, "r1", new Dictionary<string, double> { ["a"] = 0.3, ["b"] = 0.7 });
        await client.CreateRun(experiment.Id, "r2", new Dictionary<string, double> { ["a"] = 0.7, ["b"] = 0.3 });
        var curves = new KnownLawCurves(["a", "b"], [(6, 1.6, 0.1, 0.35), (8, 2.2, 0.12, 0.4)])
            .Add("r1", new Dictionary<string, double> { ["a"] = 0.3, ["b"] = 0.7 })
            .Add("r2", new Dictionary<string, double> { ["a"] = 0.7, ["b"] = 0.3 });
        await (await client.PostRaw($"/api/experiments/{experiment.Id}/observations", curves.Csv, "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
        var fit = await (await client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/fits", new CreateFitRequest("bimix", Bootstrap: 0)))
            .Read<FitResponse>(HttpStatusCode.Created);

        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/fits/{fit.Id}")).StatusCode); // reads need the key here
        var response = await anonymous.GetAsync("/metrics");
        var scrape = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.True(Sample(scrape, "scalingapi_fit_duration_seconds_count", "law=\"bimix\"") >= 1);
        var sum = Sample(scrape, "scalingapi_fit_duration_seconds_sum", "law=\"bimix\"");
        Assert.InRange(sum, 1e-6, 600);
        Assert.Matches(new Regex(@"^# TYPE scalingapi_fit_duration_seconds histogram", RegexOptions.Multiline), scrape);
        // ASP.NET Core's request latency, per route, includes the fit request
        Assert.True(Sample(scrape, "http_server_request_duration_seconds_count", "http_route=\"/api/experiments/{id:long}/fits\",http_request_method=\"POST\"") >= 1);
    }
}
