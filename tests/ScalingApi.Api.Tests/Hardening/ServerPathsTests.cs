using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ScalingApi.Api.Tests.Corpora;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
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

    [Fact]
    public async Task A_failed_corpus_job_names_the_file_relative_to_its_root()
    {
        var client = factory.Authorized();
        var folder = "broken-" + Guid.NewGuid().ToString("N")[..6];
        factory.WriteCorpusFile($"{folder}/a.jsonl", "{\"text\":\"fine\"}\n{\"text\": 5}\n");
        var experiment = await (await client.PostRaw("/api/experiments", $$"""{"name":"{{folder}}","domains":[{"name":"a","corpus":"{{folder}}"}]}"""))
            .Read<ExperimentResponse>(HttpStatusCode.Created);

        var (_, location) = await client.StartStats(experiment.Id);
        var final = (await client.WaitForJob(location))[^1];

        Assert.Equal("failed", final.Status);
        Assert.Contains($"{folder}/a.jsonl, line 2", final.Error);
        Assert.DoesNotContain(factory.Root, final.Error);
        Assert.DoesNotContain(factory.DataDirectory, final.Error);
    }

    [Fact]
    public async Task Refusing_a_symlink_out_of_the_root_does_not_say_where_it_points()
    {
        var client = factory.Authorized();
        var outside = Path.Combine(factory.DataDirectory, "private-target-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "salaries.txt"), "secret");
        var link = "link-" + Guid.NewGuid().ToString("N")[..6];
        Directory.CreateSymbolicLink(Path.Combine(factory.Root, link), outside);
        var folder = "mixed-" + Guid.NewGuid().ToString("N")[..6];
        factory.WriteCorpusFile($"{folder}/a.txt", "a document");
        File.CreateSymbolicLink(Path.Combine(factory.Root, folder, "b.txt"), Path.Combine(outside, "salaries.txt"));

        foreach (var reference in new[] { link, link + "/salaries.txt", folder })
        {
            var response = await client.PostRaw("/api/experiments", $$"""{"name":"{{link}}","domains":[{"name":"a","corpus":"{{reference}}"}]}""");
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.DoesNotContain(Path.GetFileName(outside), body);
            if (reference == folder) Assert.DoesNotContain("salaries", body); // the link's target was never typed by the client
            Assert.DoesNotContain(factory.DataDirectory, body);
        }
    }
}
