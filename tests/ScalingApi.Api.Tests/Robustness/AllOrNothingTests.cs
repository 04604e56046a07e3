using System.Net;
using System.Net.Http.Json;
using System.Text;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Api.Tests.Sweeps;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.Robustness;

/// <summary>
/// A write whose input fails validation after some of it was fine leaves every table as it was
/// (observations are covered in ObservationsTests).
/// </summary>
public sealed class AllOrNothingTests(RobustnessApiFactory factory) : IClassFixture<RobustnessApiFactory>
{
    private static readonly string[] Tables =
    [
        "experiments", "domains", "runs", "run_proportions", "observations", "sweeps", "sweep_runs", "sweep_events", "sweep_leases",
        "named_mixtures", "named_mixture_proportions", "corpus_stats_jobs", "corpus_stats_job_domains", "fits",
    ];

    private readonly HttpClient _client = factory.Authorized();

    private Dictionary<string, long> Counts() => Tables.ToDictionary(t => t, factory.CountRows);

    private async Task AssertNothingWritten(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, string field)
    {
        await factory.World();
        var before = Counts();
        await ProblemAssert.Is(await send(), status, field);
        Assert.Equal(before, Counts());
    }

    [Fact]
    public async Task A_sweep_whose_second_mixture_is_bad_creates_no_sweep_and_no_run()
    {
        var world = await factory.World();
        var good = SyntheticSweep.MixtureOf("baseline");
        var bad = SyntheticSweep.MixtureOf("doremi").ToDictionary(kv => kv.Key, kv => kv.Value * 2); // sums to 2
        await AssertNothingWritten(() => _client.PostAsJsonAsync($"/api/experiments/{world.ExperimentId}/sweeps", SweepClient.Explicit(good, bad)),
            HttpStatusCode.BadRequest, "mixtures[1]*");
    }

    [Fact]
    public async Task A_saved_mixture_with_one_bad_proportion_is_not_saved()
    {
        var world = await factory.World();
        var mixture = SyntheticSweep.MixtureOf("baseline").ToDictionary();
        mixture["Wikipedia"] = -mixture["Wikipedia"];
        await AssertNothingWritten(() => _client.PostAsJsonAsync($"/api/experiments/{world.ExperimentId}/mixtures", new SaveMixtureRequest("half-bad", mixture)),
            HttpStatusCode.BadRequest, "mixture*");
    }

    [Fact]
    public async Task A_corpus_stats_request_with_an_unknown_tokenizer_starts_no_job()
    {
        var world = await factory.World();
        await AssertNothingWritten(() => _client.PostAsJsonAsync($"/api/experiments/{world.ExperimentId}/corpus-stats", new StartCorpusStatsRequest("klingon")),
            HttpStatusCode.BadRequest, "tokenizer");
    }

    [Fact]
    public async Task A_wide_import_with_a_bad_last_metrics_cell_creates_no_run_and_no_observation()
    {
        var world = await factory.World();
        var domains = SyntheticSweep.Domains;
        var ratios = "run," + string.Join(",", domains) + "\n"
                     + "wide-new-1," + string.Join(",", domains.Select(_ => (1.0 / domains.Length).ToString("R"))) + "\n";
        var metrics = new StringBuilder("run,step," + string.Join(",", domains) + "\n");
        for (var step = 1; step <= 5; step++) metrics.Append($"wide-new-1,{step}," + string.Join(",", domains.Select(_ => "3.5")) + "\n");
        metrics.Append("wide-new-1,6," + string.Join(",", domains.Select((_, i) => i == domains.Length - 1 ? "NaN" : "3.4")) + "\n");
        await AssertNothingWritten(() =>
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(ratios, Encoding.UTF8, "text/csv"), "ratios", "ratios.csv" },
                { new StringContent(metrics.ToString(), Encoding.UTF8, "text/csv"), "metrics", "metrics.csv" },
            };
            return _client.PostAsync($"/api/experiments/{world.ExperimentId}/imports/wide", form);
        }, HttpStatusCode.BadRequest, "metrics.csv*");
    }

    [Fact]
    public async Task A_wide_import_naming_an_unknown_domain_in_metrics_creates_no_run()
    {
        var world = await factory.World();
        var domains = SyntheticSweep.Domains;
        var ratios = "run," + string.Join(",", domains) + "\n"
                     + "wide-new-2," + string.Join(",", domains.Select(_ => (1.0 / domains.Length).ToString("R"))) + "\n";
        var metrics = "run,step,NoSuchDomain\nwide-new-2,1,3.5\n";
        var before = Counts();
        var form = new MultipartFormDataContent
        {
            { new StringContent(ratios, Encoding.UTF8, "text/csv"), "ratios", "ratios.csv" },
            { new StringContent(metrics, Encoding.UTF8, "text/csv"), "metrics", "metrics.csv" },
        };
        var response = await _client.PostAsync($"/api/experiments/{world.ExperimentId}/imports/wide", form);
        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal(before, Counts());
    }
}
