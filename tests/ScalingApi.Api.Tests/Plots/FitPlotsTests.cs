using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.Plots;

/// <summary>Three runs of two domains from known law curves, fitted with each run's last checkpoint held out.</summary>
public sealed class FittedCurvesFactory : ApiFactory, IAsyncLifetime
{
    public static readonly string[] Domains = ["web", "code"];
    public static readonly string[] Runs = ["web-heavy", "balanced", "code-heavy"];
    public long ExperimentId { get; private set; }
    public FitResponse Fit { get; private set; } = null!;

    public static IReadOnlyDictionary<string, double> Mixture(string run) => run switch
    {
        "web-heavy" => new Dictionary<string, double> { ["web"] = 0.8, ["code"] = 0.2 },
        "balanced" => new Dictionary<string, double> { ["web"] = 0.5, ["code"] = 0.5 },
        _ => new Dictionary<string, double> { ["web"] = 0.3, ["code"] = 0.7 },
    };

    public async Task InitializeAsync()
    {
        var client = Authorized();
        ExperimentId = (await client.CreateExperiment(Domains, tokensPerStep: 1000, tokens: [3e10, 5e9])).Id;
        var curves = new KnownLawCurves(Domains, [(6.0, 1.6, 0.08, 0.35), (4.5, 1.1, 0.15, 0.30)]);
        foreach (var run in Runs)
        {
            await client.CreateRun(ExperimentId, run, Mixture(run));
            curves.Add(run, Mixture(run));
        }
        await (await client.PostRaw($"/api/experiments/{ExperimentId}/observations", curves.Csv, "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
        var response = await client.PostAsJsonAsync($"/api/experiments/{ExperimentId}/fits",
            new CreateFitRequest("bimix", "huber", new HoldoutSpec("last-step"), Bootstrap: 20, Seed: 3));
        Fit = await response.Read<FitResponse>(HttpStatusCode.Created);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

public sealed class FitPlotsTests(FittedCurvesFactory factory) : IClassFixture<FittedCurvesFactory>
{
    private readonly HttpClient _client = factory.CreateClient(); // plots are reads: no key
    private string Plots => $"/api/fits/{factory.Fit.Id}/plots";

    [Fact]
    public async Task Curves_draw_one_fitted_line_and_band_per_run_with_every_observation_and_the_held_out_points_marked()
    {
        var svg = await SvgDocument.Read(await _client.GetAsync($"{Plots}/curves.svg?domain=code"));

        Assert.Contains("steps (log)", svg.Texts);
        Assert.Contains("code validation loss (log)", svg.Texts);
        Assert.True(svg.HasText($"Fit {factory.Fit.Id}: code"));
        foreach (var run in FittedCurvesFactory.Runs)
            Assert.Single(svg.Texts, t => t.StartsWith(run + " (r = ", StringComparison.Ordinal));
        Assert.Contains("held out", svg.Texts);
        // one 2-px fitted line (60 points) per run, each in its own colour; legend samples are single segments
        var lines = svg.StrokedPaths("2").Where(p => SvgDocument.Segments(p) == 59).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal(3, lines.Select(p => (string?)p.Attribute("stroke")).Distinct().Count());
        // the bootstrap band: one translucent filled area per run, in the run's colour
        var bands = svg.Elements("path").Where(p => p.Attribute("fill-opacity") is not null && (string?)p.Attribute("fill") != "none").ToList();
        Assert.Equal(lines.Select(p => (string?)p.Attribute("stroke")).Order(), bands.Select(p => (string?)p.Attribute("fill")).Order());
        // 19 fitted checkpoints per run as dots; the 3 held-out last checkpoints as open squares (+ 1 in the legend)
        Assert.Equal(3 * 19, svg.Elements("ellipse").Count);
        Assert.Equal(3 + 1, svg.Elements("rect").Count(r => (string?)r.Attribute("fill") == "none" && (string?)r.Attribute("width") == "11"));
        // tick labels are the real step numbers, not their logarithms
        Assert.Contains("100", svg.Texts);
        Assert.Contains("200", svg.Texts);
    }

    [Fact]
    public async Task Curves_default_to_the_first_domain_are_cached_and_offered_as_png()
    {
        var first = await _client.GetByteArrayAsync($"{Plots}/curves.svg");
        var again = await _client.GetByteArrayAsync($"{Plots}/curves.svg");
        Assert.Equal(first, again);
        Assert.Contains("web validation loss (log)", System.Text.Encoding.UTF8.GetString(first));

        var png = await _client.GetAsync($"{Plots}/curves.png?domain=web");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.True(bytes.Length > 5000, $"{bytes.Length} bytes");
    }

    [Fact]
    public async Task Mixtures_show_optimal_natural_and_uniform_with_their_predicted_losses()
    {
        var svg = await SvgDocument.Read(await _client.GetAsync($"{Plots}/mixtures.svg?steps=1000"));
        var answer = await (await factory.Authorized().PostAsJsonAsync($"/api/fits/{factory.Fit.Id}/optimal-mixture", new OptimalMixtureRequest(Steps: 1000)))
            .Read<OptimalMixtureResponse>(HttpStatusCode.OK);

        Assert.Contains($"optimal: loss {answer.Optimal.Average.Loss:0.0000} [{answer.Optimal.Average.Lower:0.0000}, {answer.Optimal.Average.Upper:0.0000}]", svg.Texts);
        Assert.Contains(svg.Texts, t => t.StartsWith($"natural: loss {answer.Natural!.Average.Loss:0.0000}", StringComparison.Ordinal));
        Assert.Contains(svg.Texts, t => t.StartsWith($"uniform: loss {answer.Uniform.Average.Loss:0.0000}", StringComparison.Ordinal));
        Assert.Contains("web", svg.Texts);
        Assert.Contains("code", svg.Texts);
        Assert.Contains("proportion", svg.Texts);
    }

    [Fact]
    public async Task Unknown_fit_is_404_and_unknown_domain_is_400_naming_the_field()
    {
        await ProblemAssert.Is(await _client.GetAsync("/api/fits/999999/plots/curves.svg"), HttpStatusCode.NotFound, "id");
        await ProblemAssert.Is(await _client.GetAsync("/api/fits/999999/plots/mixtures.svg"), HttpStatusCode.NotFound, "id");
        await ProblemAssert.Is(await _client.GetAsync($"{Plots}/curves.svg?domain=books"), HttpStatusCode.BadRequest, "domain", "web, code");
        await ProblemAssert.Is(await _client.GetAsync($"{Plots}/mixtures.svg?steps=1000&tokens=5"), HttpStatusCode.BadRequest, "*");
        await ProblemAssert.Is(await _client.GetAsync($"{Plots}/mixtures.svg?steps=1e23"), HttpStatusCode.BadRequest, "steps", "at most");
        await ProblemAssert.Is(await _client.GetAsync($"{Plots}/mixtures.svg?steps=-5"), HttpStatusCode.BadRequest, "steps", "> 0");
    }
}
