using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.Laws;

/// <summary>
/// The Chinchilla points Epoch AI extracted (tests/TestData/README.md) posted through the API: one run per
/// (N, D) point that declares its parameters N and trains D tokens in one step (tokensPerStep = D, the
/// experiment's tokensPerStep = 1, so tokens = step × tokensPerStep = D exactly), then one chinchilla fit.
/// Epoch excluded the 5 highest-loss points; so does the posting.
/// </summary>
public sealed class EpochChinchillaExperiment : ApiFactory, IAsyncLifetime
{
    public const int BootstrapResamples = 200;
    public long ExperimentId { get; private set; }
    public FitResponse Fit { get; private set; } = null!;
    public IReadOnlyList<(double N, double D, double Loss)> Points { get; } = Load();

    private static List<(double N, double D, double Loss)> Load()
    {
        static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "chinchilla-epoch.csv");
        return File.ReadLines(path).Skip(1).Select(line => line.Split(','))
            .Select(f => (Parse(f[0]), Parse(f[2]), Parse(f[3])))
            .OrderByDescending(p => p.Item3).Skip(5).ToList();
    }

    public async Task InitializeAsync()
    {
        var client = Authorized();
        ExperimentId = (await client.CreateExperiment(["loss"], tokensPerStep: 1)).Id;
        var csv = new StringBuilder("run,step,domain,loss\n");
        for (var k = 0; k < Points.Count; k++)
        {
            var (n, d, loss) = Points[k];
            var run = new CreateRunRequest($"p{k}", new Dictionary<string, double> { ["loss"] = 1 }, TokensPerStep: d) { Parameters = n };
            (await client.PostAsJsonAsync($"/api/experiments/{ExperimentId}/runs", run)).EnsureSuccessStatusCode();
            csv.Append(CultureInfo.InvariantCulture, $"p{k},1,loss,{loss:R}\n");
        }
        var ingest = await (await client.PostRaw($"/api/experiments/{ExperimentId}/observations", csv.ToString(), "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
        Assert.Equal(Points.Count, ingest.Inserted);
        Fit = await (await client.PostAsJsonAsync($"/api/experiments/{ExperimentId}/fits",
            new CreateFitRequest("chinchilla", Bootstrap: BootstrapResamples, Seed: 1))).Read<FitResponse>(HttpStatusCode.Created);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
