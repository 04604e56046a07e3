using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests;

public sealed class ObservationsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    private async Task<long> ExperimentWithRuns()
    {
        var experiment = await _client.CreateExperiment(["a", "b"]);
        await _client.CreateRun(experiment.Id, "r1", new Dictionary<string, double> { ["a"] = 0.25, ["b"] = 0.75 });
        await _client.CreateRun(experiment.Id, "r2", new Dictionary<string, double> { ["a"] = 0.75, ["b"] = 0.25 });
        return experiment.Id;
    }

    private static string Url(long id, string query = "") => $"/api/experiments/{id}/observations{query}";

    [Fact]
    public async Task Json_post_is_idempotent_conflicts_on_a_different_loss_and_replaces_on_request()
    {
        var id = await ExperimentWithRuns();
        ObservationItem[] points = [new("r1", 100, "a", 3.5), new("r1", 100, "b", 3.1), new("r2", 200, "a", 2.9)];
        var first = await (await _client.PostAsJsonAsync(Url(id), points)).Read<IngestResponse>(HttpStatusCode.OK);
        Assert.Equal(new IngestResponse(3, 0, 0), first);

        var again = await (await _client.PostAsJsonAsync(Url(id), points)).Read<IngestResponse>(HttpStatusCode.OK);
        Assert.Equal(new IngestResponse(0, 3, 0), again);

        ObservationItem[] changed = [new("r2", 300, "b", 2.0), new("r1", 100, "b", 3.2)];
        var conflict = await _client.PostAsJsonAsync(Url(id), changed);
        await ProblemAssert.Is(conflict, HttpStatusCode.Conflict, "[1].loss", "replace=true");
        var stored = await (await _client.GetAsync(Url(id))).Read<List<ObservationItem>>(HttpStatusCode.OK);
        Assert.Equal(3, stored.Count); // the new r2@300 point of the failed request was not written either
        Assert.Equal(3.1, stored.Single(o => o is { Run: "r1", Domain: "b" }).Loss);

        var replaced = await (await _client.PostAsJsonAsync(Url(id, "?replace=true"), changed)).Read<IngestResponse>(HttpStatusCode.OK);
        Assert.Equal(new IngestResponse(1, 0, 1), replaced);
        var onlyR1 = await (await _client.GetAsync(Url(id, "?run=r1"))).Read<List<ObservationItem>>(HttpStatusCode.OK);
        Assert.Equal(3.2, onlyR1.Single(o => o.Domain == "b").Loss);
        Assert.All(onlyR1, o => Assert.Equal("r1", o.Run));
    }

    [Fact]
    public async Task A_point_repeated_in_one_request_conflicts_or_takes_the_last_loss_with_replace()
    {
        var id = await ExperimentWithRuns();
        ObservationItem[] twice = [new("r1", 100, "a", 3.0), new("r1", 100, "a", 3.5), new("r1", 100, "b", 3.0), new("r1", 100, "b", 3.0)];
        await ProblemAssert.Is(await _client.PostAsJsonAsync(Url(id), twice), HttpStatusCode.Conflict, "[1].loss");
        Assert.Equal(new IngestResponse(2, 1, 1), await (await _client.PostAsJsonAsync(Url(id, "?replace=true"), twice)).Read<IngestResponse>(HttpStatusCode.OK));
        var stored = await (await _client.GetAsync(Url(id))).Read<List<ObservationItem>>(HttpStatusCode.OK);
        Assert.Equal(3.5, stored.Single(o => o.Domain == "a").Loss);
    }

    [Fact]
    public async Task Csv_post_accepts_any_column_order_and_counts()
    {
        var id = await ExperimentWithRuns();
        const string csv = "domain,run,loss,step\na,r1,3.5,100\nb,r1,3.25,100\n\na,\"r2\",2.5,200\n";
        var result = await (await _client.PostRaw(Url(id), csv, "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
        Assert.Equal(new IngestResponse(3, 0, 0), result);
        var runs = await (await _client.GetAsync($"/api/experiments/{id}/runs")).Read<List<RunResponse>>(HttpStatusCode.OK);
        Assert.Equal(2, runs.Single(r => r.Name == "r1").Observations);
    }

    [Theory]
    [InlineData("run,step,domain,loss\nr1,100,a,3.5\nr1,abc,a,3.5\n", "step", 3)]
    [InlineData("run,step,domain,loss\nr1,100,a,3.5\nr1,2.5,a,3.5\n", "step", 3)]
    [InlineData("run,step,domain,loss\nr1,-100,a,3.5\n", "step", 2)]
    [InlineData("run,step,domain,loss\nr1,100,a,nan\n", "loss", 2)]
    [InlineData("run,step,domain,loss\nr1,100,a,inf\n", "loss", 2)]
    [InlineData("run,step,domain,loss\nr1,100,a,1e999\n", "loss", 2)]
    [InlineData("run,step,domain,loss\nr1,100,a,-1\n", "loss", 2)]
    [InlineData("run,step,domain,loss\nr1,100,a,0\n", "loss", 2)]
    [InlineData("run,step,domain,loss\nr1,100,a,x\n", "loss", 2)]
    [InlineData("run,step,domain,loss\nr1,100,a,3.5\nnobody,100,a,3.5\n", "run", 3)]
    [InlineData("run,step,domain,loss\nr1,100,a,3.5\nr1,100,zzz,3.5\n", "domain", 3)]
    [InlineData("run,step,domain,loss\nr1,100,a\n", "body", 2)]
    [InlineData("run,step,domain,loss\nr1,100,a,\"3.5\n", "body", 2)]
    [InlineData("run,step,dom,loss\nr1,100,a,3.5\n", "header", 1)]
    public async Task Bad_csv_line_is_reported_by_line_number_and_nothing_is_written(string csv, string field, int line)
    {
        var id = await ExperimentWithRuns();
        var before = factory.CountRows("observations");
        var response = await _client.PostRaw(Url(id), csv, "text/csv");
        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, field, line: line);
        Assert.Equal(before, factory.CountRows("observations"));
    }

    [Theory]
    [InlineData("""[{"run":"r1","step":100,"domain":"a","loss":"NaN"}]""", "[0].loss")]
    [InlineData("""[{"run":"r1","step":100,"domain":"a","loss":"Infinity"}]""", "[0].loss")]
    [InlineData("""[{"run":"r1","step":100,"domain":"a","loss":1e400}]""", "[0].loss")]
    [InlineData("""[{"run":"r1","step":100,"domain":"a","loss":3},{"run":"r1","step":1.5,"domain":"a","loss":3}]""", "[1].step")]
    [InlineData("""[{"run":"r1","step":0,"domain":"a","loss":3}]""", "[0].step")]
    [InlineData("""[{"run":"r1","step":100,"loss":3}]""", "[0].domain")]
    [InlineData("""[{"run":"r1","step":100,"domain":null,"loss":3}]""", "[0].domain")]
    [InlineData("""[{"run":"r9","step":100,"domain":"a","loss":3}]""", "[0].run")]
    [InlineData("""[{"run":"r1","step":100,"domain":"q","loss":3}]""", "[0].domain")]
    [InlineData("""[]""", "body")]
    [InlineData("""{"run":"r1"}""", "body")]
    [InlineData("""[{"run":"r1",""", "*")]
    [InlineData("""null""", "body")]
    public async Task Bad_json_point_is_a_problem_naming_the_field(string json, string field)
    {
        var id = await ExperimentWithRuns();
        var before = factory.CountRows("observations");
        await ProblemAssert.Is(await _client.PostRaw(Url(id), json), HttpStatusCode.BadRequest, field);
        Assert.Equal(before, factory.CountRows("observations"));
    }

    [Fact]
    public async Task Empty_body_and_unsupported_media_type_are_problems()
    {
        var id = await ExperimentWithRuns();
        await ProblemAssert.Is(await _client.PostRaw(Url(id), ""), HttpStatusCode.BadRequest, "body", "empty");
        await ProblemAssert.Is(await _client.PostRaw(Url(id), "run,step", "text/plain"), HttpStatusCode.UnsupportedMediaType, "Content-Type");
        await ProblemAssert.Is(await _client.PostRaw(Url(999999), "[]"), HttpStatusCode.BadRequest, "body");
        await ProblemAssert.Is(await _client.PostAsJsonAsync(Url(999999), new[] { new ObservationItem("r", 1, "a", 1) }), HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task A_failing_bulk_request_leaves_the_database_unchanged()
    {
        var id = await ExperimentWithRuns();
        var valid = Enumerable.Range(1, 5000).Select(s => new ObservationItem("r1", s, "a", 3.0 + 1.0 / s)).ToList();
        var before = factory.CountRows("observations");
        var bad = valid.Append(new ObservationItem("r2", 7, "nope", 2.0)).ToList();
        await ProblemAssert.Is(await _client.PostAsJsonAsync(Url(id), bad), HttpStatusCode.BadRequest, "[5000].domain", "unknown domain");
        Assert.Equal(before, factory.CountRows("observations"));

        // a conflict discovered mid-write (after thousands of inserts in the same transaction) rolls back too
        await (await _client.PostAsJsonAsync(Url(id), valid.Take(1).ToList())).Read<IngestResponse>(HttpStatusCode.OK);
        var conflicting = valid.Skip(1).Append(new ObservationItem("r1", 1, "a", 99.0)).ToList();
        await ProblemAssert.Is(await _client.PostAsJsonAsync(Url(id), conflicting), HttpStatusCode.Conflict, "[4999].loss");
        Assert.Equal(before + 1, factory.CountRows("observations"));
    }

    [Fact]
    public async Task Hundred_thousand_points_ingest_in_one_request()
    {
        var experiment = await _client.CreateExperiment(["a", "b", "c", "d"]);
        for (var r = 0; r < 5; r++)
            await _client.CreateRun(experiment.Id, $"r{r}", new Dictionary<string, double> { ["a"] = 0.25, ["b"] = 0.25, ["c"] = 0.25, ["d"] = 0.25 });
        var csv = new StringBuilder("run,step,domain,loss\n");
        for (var r = 0; r < 5; r++)
        for (var s = 1; s <= 5000; s++)
        foreach (var d in "abcd")
            csv.Append($"r{r},{s},{d},{3 + 1.0 / s}\n");
        var result = await (await _client.PostRaw(Url(experiment.Id), csv.ToString(), "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
        Assert.Equal(new IngestResponse(100_000, 0, 0), result);
    }

    private static MultipartFormDataContent Wide(string ratios, string metrics)
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent(ratios, Encoding.UTF8, "text/csv"), "ratios", "ratios.csv");
        form.Add(new StringContent(metrics, Encoding.UTF8, "text/csv"), "metrics", "metrics.csv");
        return form;
    }

    [Fact]
    public async Task Wide_layout_creates_missing_runs_and_ingests_every_domain_column()
    {
        var id = await ExperimentWithRuns();
        const string ratios = "run,a,b\nr1,0.25,0.75\nr3,0.5,0.5\n";
        const string metrics = "run,step,a,b\nr1,100,3.5,3.1\nr3,100,3.3,\nr3,200,3.2,3.0\n";
        var result = await (await _client.PostAsync($"/api/experiments/{id}/imports/wide", Wide(ratios, metrics)))
            .Read<WideImportResponse>(HttpStatusCode.OK);
        Assert.Equal(["r3"], result.RunsCreated);
        Assert.Equal(new IngestResponse(5, 0, 0), result.Observations);
        var runs = await (await _client.GetAsync($"/api/experiments/{id}/runs")).Read<List<RunResponse>>(HttpStatusCode.OK);
        Assert.Equal(0.5, runs.Single(r => r.Name == "r3").Mixture["a"]);
    }

    [Theory]
    [InlineData("run,a,b\nr3,0.5,0.6\n", "run,step,a,b\nr3,100,3.3,3.1\n", HttpStatusCode.BadRequest, "ratios.csv:r3", null)]
    [InlineData("run,a,b\nr3,0.5,nan\n", "run,step,a,b\nr3,100,3.3,3.1\n", HttpStatusCode.BadRequest, "ratios.csv:r3.b", null)]
    [InlineData("run,a,b\nr1,0.5,0.5\n", "run,step,a,b\nr1,100,3.3,3.1\n", HttpStatusCode.Conflict, "ratios.csv:r1", null)]
    [InlineData("run,a,b\nr3,0.5,0.5\n", "run,step,a,b\nr3,100,3.3,3.1\nr3,200,3.3,-2\n", HttpStatusCode.BadRequest, "metrics.csv:b", 3)]
    [InlineData("run,a,b\nr3,0.5,0.5\n", "run,step,a,zzz\nr3,100,3.3,3.1\n", HttpStatusCode.BadRequest, "metrics.csv:zzz", 2)]
    [InlineData("run,a,b\nr3,0.5,0.5\n", "run,a,b\nr3,3.3,3.1\n", HttpStatusCode.BadRequest, "metrics.csv:header", 1)]
    public async Task Bad_wide_layout_is_a_problem_and_creates_no_runs(string ratios, string metrics, HttpStatusCode status, string field, int? line)
    {
        var id = await ExperimentWithRuns();
        var runsBefore = factory.CountRows("runs");
        var obsBefore = factory.CountRows("observations");
        await ProblemAssert.Is(await _client.PostAsync($"/api/experiments/{id}/imports/wide", Wide(ratios, metrics)), status, field, line: line);
        Assert.Equal(runsBefore, factory.CountRows("runs"));
        Assert.Equal(obsBefore, factory.CountRows("observations"));
    }

    [Fact]
    public async Task Wide_import_without_the_metrics_file_is_a_problem()
    {
        var id = await ExperimentWithRuns();
        var form = new MultipartFormDataContent { { new StringContent("run,a,b\nr3,0.5,0.5\n"), "ratios", "ratios.csv" } };
        await ProblemAssert.Is(await _client.PostAsync($"/api/experiments/{id}/imports/wide", form), HttpStatusCode.BadRequest, "body", "metrics");
    }
}

/// <summary>A host with a tiny body limit.</summary>
public sealed class SmallBodyFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["Auth:ApiKeys:0"] = Key, ["Limits:MaxRequestBodyBytes"] = "2048" };
}

public sealed class BodyLimitTests(SmallBodyFactory factory) : IClassFixture<SmallBodyFactory>
{
    [Fact]
    public async Task Oversized_body_is_413_problem_and_writes_nothing()
    {
        var client = factory.Authorized();
        var experiment = await client.CreateExperiment(["a"]);
        await client.CreateRun(experiment.Id, "r", new Dictionary<string, double> { ["a"] = 1 });
        var csv = "run,step,domain,loss\n" + string.Concat(Enumerable.Range(1, 500).Select(s => $"r,{s},a,3.0\n"));
        var response = await client.PostRaw($"/api/experiments/{experiment.Id}/observations", csv, "text/csv");
        await ProblemAssert.Is(response, HttpStatusCode.RequestEntityTooLarge, "body", "MaxRequestBodyBytes");
        Assert.Equal(0, factory.CountRows("observations"));
    }
}
