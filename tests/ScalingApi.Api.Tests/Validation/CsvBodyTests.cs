using System.Net;
using System.Text;
using System.Text.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.Validation;

/// <summary>
/// CSV bodies are read by an RFC 4180 parser (quoted commas, doubled quotes and line breaks), and every broken
/// row of a request is reported in one answer, each with its line and column, capped with the total count.
/// </summary>
public sealed class CsvBodyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    private async Task<long> ExperimentWithRun()
    {
        var experiment = await _client.CreateExperiment(["a", "b"]);
        await _client.CreateRun(experiment.Id, "r1", new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.5 });
        return experiment.Id;
    }

    private static List<(string Field, int? Line)> Errors(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("field").GetString()!, e.TryGetProperty("line", out var l) ? l.GetInt32() : (int?)null)).ToList();

    [Fact]
    public async Task Every_bad_row_is_reported_at_once_with_its_line_and_column_and_nothing_is_written()
    {
        var id = await ExperimentWithRun();
        var before = factory.CountRows("observations");
        const string csv = "run,step,domain,loss\n" +
                           "r1,100,a,3.5\n" +   // 2 fine
                           "r1,abc,a,3.5\n" +   // 3 step
                           "r1,200,a,3.5\n" +   // 4 fine
                           "r1,300,b,x\n" +     // 5 loss
                           "r1,400,b\n" +       // 6 field count
                           "r9,500,a,3.5\n" +   // 7 unknown run
                           "r1,600,c,3.5\n" +   // 8 unknown domain
                           "r1,700,a,-1\n";     // 9 loss > 0
        var response = await _client.PostRaw($"/api/experiments/{id}/observations", csv, "text/csv");
        var problem = await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "step", "positive integer", line: 3);
        Assert.Equal([("step", 3), ("loss", 5), ("body", 6), ("run", 7), ("domain", 8), ("loss", 9)], Errors(problem));
        Assert.Equal(before, factory.CountRows("observations"));
    }

    [Fact]
    public async Task Past_the_cap_the_errors_are_counted_not_listed()
    {
        var id = await ExperimentWithRun();
        var csv = new StringBuilder("run,step,domain,loss\n");
        for (var k = 1; k <= 150; k++) csv.Append($"r1,{k},a,oops\n");
        var response = await _client.PostRaw($"/api/experiments/{id}/observations", csv.ToString(), "text/csv");
        var problem = await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "loss", "number", line: 101);
        Assert.Equal(100, problem.GetProperty("errors").GetArrayLength());
        Assert.Equal(150, problem.GetProperty("totalErrors").GetInt32());
        Assert.Equal(50, problem.GetProperty("moreErrors").GetInt32());
    }

    [Fact]
    public async Task A_quoted_field_may_hold_a_line_break_and_the_rows_after_it_keep_their_line_numbers()
    {
        var id = await ExperimentWithRun();
        const string csv = "run,step,domain,loss\n" +
                           "r1,100,a,3.5\n" +         // 2
                           "\"r\n1\",100,a,3.5\n" +   // 3–4: one row whose run is "r⏎1"
                           "r1,abc,a,3.5\n";          // 5
        var response = await _client.PostRaw($"/api/experiments/{id}/observations", csv, "text/csv");
        var problem = await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "run", "unknown run 'r\n1'", line: 3);
        Assert.Equal([("run", 3), ("step", 5)], Errors(problem));
    }

    [Fact]
    public async Task Quoted_headers_and_cells_with_crlf_line_ends_are_read()
    {
        var id = await ExperimentWithRun();
        const string csv = "\"run\",\"step\",\"domain\",\"loss\"\r\n\"r1\",\"100\",\"a\",\" 3.5 \"\r\nr1,100,b,3.25\r\n";
        var counts = await (await _client.PostRaw($"/api/experiments/{id}/observations", csv, "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
        Assert.Equal(new IngestResponse(2, 0, 0), counts);
    }

    [Fact]
    public async Task The_wide_layout_reports_the_bad_cells_of_both_files_at_once()
    {
        var id = await ExperimentWithRun();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("run,a,b\nr3,x,0.5\nr4,0.5,y\n", Encoding.UTF8, "text/csv"), "ratios", "ratios.csv" },
            { new StringContent("run,step,a,b\nr3,100,3.3,3.1\nr3,abc,3.3,3.1\nr4,100,3.3,oops\n", Encoding.UTF8, "text/csv"), "metrics", "metrics.csv" },
        };
        var before = factory.CountRows("runs");
        var response = await _client.PostAsync($"/api/experiments/{id}/imports/wide", form);
        var problem = await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "ratios.csv:a", "number", line: 2);
        Assert.Equal([("ratios.csv:a", 2), ("ratios.csv:b", 3), ("step", 3), ("metrics.csv:b", 4)], Errors(problem));
        Assert.Equal(before, factory.CountRows("runs"));
    }

    /// <summary>A file whose header cannot be read used to end the request at once, hiding the other file's bad cells.</summary>
    [Fact]
    public async Task A_bad_header_in_one_wide_file_is_reported_with_the_bad_cells_of_the_other()
    {
        var id = await ExperimentWithRun();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("run\nr3\n", Encoding.UTF8, "text/csv"), "ratios", "ratios.csv" },
            { new StringContent("run,step,a,b\nr3,abc,3.3,3.1\nr3,100,3.3,oops\n", Encoding.UTF8, "text/csv"), "metrics", "metrics.csv" },
        };
        var response = await _client.PostAsync($"/api/experiments/{id}/imports/wide", form);
        var problem = await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "ratios.csv:header", "domain column", line: 1);
        Assert.Equal([("ratios.csv:header", 1), ("step", 2), ("metrics.csv:b", 3)], Errors(problem));

        using var noColumns = new MultipartFormDataContent
        {
            { new StringContent("run,a,b\nr5,x,0.5\n", Encoding.UTF8, "text/csv"), "ratios", "ratios.csv" },
            { new StringContent("run,a,b\nr5,3.3,3.1\n", Encoding.UTF8, "text/csv"), "metrics", "metrics.csv" },
        };
        problem = await ProblemAssert.Is(await _client.PostAsync($"/api/experiments/{id}/imports/wide", noColumns), HttpStatusCode.BadRequest,
            "metrics.csv:header", "run and step", line: 1);
        Assert.Equal([("metrics.csv:header", 1), ("ratios.csv:a", 2)], Errors(problem));
    }
}
