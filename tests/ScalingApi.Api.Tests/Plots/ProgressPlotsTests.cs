using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Corpora;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Api.Tests.Sweeps;
using ScalingApi.Contracts;
using Xunit;
using static ScalingApi.Api.Tests.Sweeps.SweepClient;

namespace ScalingApi.Api.Tests.Plots;

/// <summary>A sweep's loss figure follows the losses its workers record (the test plays the worker).</summary>
public sealed class SweepLossesPlotTests(SweepApiFactory factory) : IClassFixture<SweepApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    [Fact]
    public async Task Losses_plot_draws_a_line_for_each_run_with_losses_and_updates_as_losses_arrive()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        var (sweep, _) = await _client.CreateSweep(experiment.Id, Explicit(Mix(("a", 0.25), ("b", 0.75)), Mix(("a", 0.6), ("b", 0.4))));
        var url = $"/api/sweeps/{sweep.Id}/plots/losses.svg";

        var empty = await SvgDocument.Read(await _client.GetAsync(url));
        Assert.Contains("no losses recorded yet", empty.Texts);
        Assert.Empty(empty.StrokedPaths("2"));

        var lease = await _client.Claim(sweep.Id);
        var losses = lease.CheckpointSteps.Take(3)
            .SelectMany(step => lease.Domains.Select(d => new ObservationItem(lease.RunName, step, d.Name, 5.0 - step / 100.0))).ToList();
        await (await _client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/observations", losses)).Read<IngestResponse>(HttpStatusCode.OK);

        var svg = await SvgDocument.Read(await _client.GetAsync(url));
        Assert.Contains($"{sweep.Runs[0].RunName} (leased)", svg.Texts);
        Assert.DoesNotContain(svg.Texts, t => t.StartsWith(sweep.Runs[1].RunName, StringComparison.Ordinal)); // no losses yet: no line, no legend entry
        Assert.Single(svg.StrokedPaths("2"), p => SvgDocument.Segments(p) == 2); // its 3 checkpoints joined
        Assert.Contains("mean validation loss over domains (log)", svg.Texts);
        Assert.Contains("a validation loss (log)", (await SvgDocument.Read(await _client.GetAsync(url + "?domain=a"))).Texts);
    }

    [Fact]
    public async Task Unknown_sweep_is_404_and_unknown_domain_400()
    {
        await ProblemAssert.Is(await _client.GetAsync("/api/sweeps/999999/plots/losses.svg"), HttpStatusCode.NotFound, "id");
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        var (sweep, _) = await _client.CreateSweep(experiment.Id, Explicit(Mix(("a", 0.5), ("b", 0.5))));
        await ProblemAssert.Is(await _client.GetAsync($"/api/sweeps/{sweep.Id}/plots/losses.svg?domain=zz"), HttpStatusCode.BadRequest, "domain");
    }
}

public sealed class CorpusStatsPlotTests(CorporaApiFactory factory) : IClassFixture<CorporaApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    [Fact]
    public async Task Entropy_plot_labels_every_measured_domain_and_the_four_measures()
    {
        var (folder, domains) = factory.Synthetic(domains: 3, documents: 20, length: 200);
        var experiment = await _client.CreateCorpusExperiment(folder, domains);
        await ProblemAssert.Is(await _client.GetAsync($"/api/experiments/{experiment.Id}/plots/corpus-stats.svg"), HttpStatusCode.NotFound, "id");
        var job = await _client.MeasureToCompletion(experiment.Id);

        var svg = await SvgDocument.Read(await _client.GetAsync($"/api/experiments/{experiment.Id}/plots/corpus-stats.svg"));
        foreach (var domain in domains) Assert.Contains(domain.Name, svg.Texts);
        foreach (var measure in new[] { "SE", "JE", "CE", "VNE" }) Assert.Contains(measure, svg.Texts);
        Assert.Contains("entropy (nats)", svg.Texts);
        Assert.True(svg.HasText($"Corpus statistics job {job.Id}"));
    }
}
