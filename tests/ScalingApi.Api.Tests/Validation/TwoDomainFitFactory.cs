using System.Net;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.Validation;

/// <summary>An experiment with domains "web" and "code", three runs of noise-free curves and one fit without bootstrap.</summary>
public sealed class TwoDomainFitFactory : ApiFactory, IAsyncLifetime
{
    public long ExperimentId { get; private set; }
    public long FitId { get; private set; }

    public async Task InitializeAsync()
    {
        var client = Authorized();
        ExperimentId = (await client.CreateExperiment(["web", "code"])).Id;
        var curves = new KnownLawCurves(["web", "code"], [(3.0, 2.0, 0.1, 0.3), (4.0, 1.5, 0.2, 0.4)]);
        foreach (var (run, share) in new[] { ("r1", 0.2), ("r2", 0.5), ("r3", 0.8) })
        {
            var mixture = new Dictionary<string, double> { ["web"] = share, ["code"] = 1 - share };
            await client.CreateRun(ExperimentId, run, mixture);
            curves.Add(run, mixture);
        }
        (await client.PostRaw($"/api/experiments/{ExperimentId}/observations", curves.Csv, "text/csv")).EnsureSuccessStatusCode();
        FitId = (await (await client.PostRaw($"/api/experiments/{ExperimentId}/fits", """{"law":"bimix","bootstrap":0}"""))
            .Read<FitResponse>(HttpStatusCode.Created)).Id;
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
