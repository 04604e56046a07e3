using Microsoft.Extensions.DependencyInjection;
using ScalingApi.Api.Tests.Corpora;
using ScalingApi.Host.Hosting;
using Xunit;

namespace ScalingApi.Api.Tests.Hardening;

/// <summary>Issue 13, defect 7: text that reaches a client (corpus job errors, a run's lastError) carries no server paths.</summary>
public sealed class ServerPathsTests(CorporaApiFactory factory) : IClassFixture<CorporaApiFactory>
{
    [Fact]
    public void Corpus_paths_become_root_relative_and_other_server_paths_are_removed()
    {
        factory.CreateClient();
        var paths = factory.Services.GetRequiredService<ServerPaths>();

        var corpus = paths.Scrub($"Malformed JSON in {Path.Combine(factory.Root, "web", "part-1.jsonl")} line 3")!;
        Assert.Equal("Malformed JSON in web/part-1.jsonl line 3", corpus);

        var worker = paths.Scrub($"worker exited with code 1: Could not find file '{Path.Combine(Environment.CurrentDirectory, "bin", "x.dll")}'; " +
                                 $"checkpoint {Path.Combine(factory.DataDirectory, "checkpoints", "run-1")} and /srv/secret/layout/file.txt")!;
        Assert.DoesNotContain(Environment.CurrentDirectory, worker);
        Assert.DoesNotContain(factory.DataDirectory, worker);
        Assert.DoesNotContain("/srv/secret", worker);
        Assert.Contains("<working directory>/bin/x.dll", worker);
        Assert.Contains("<server path>", worker);

        // routes of this API and URLs are not server paths
        Assert.Equal("POST /api/experiments/1/corpus-stats at http://host:5000/api/x", paths.Scrub("POST /api/experiments/1/corpus-stats at http://host:5000/api/x"));
    }
}
