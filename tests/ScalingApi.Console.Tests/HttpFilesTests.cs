using System.Text.Json;
using System.Text.RegularExpressions;

namespace ScalingApi.Console.Tests;

/// <summary>
/// The .http files as a user runs them: the httpyac command line, the key from SCALINGAPI_KEY, every request of
/// every file in reading order against one live service, each request's expected status asserted by its own
/// `?? status ==` line. The Brown corpus they name is stood in for by a generated corpus of the same layout.
/// </summary>
public sealed class HttpFilesTests : IAsyncLifetime
{
    /// <summary>The order the docs introduce them in (slurm.http has a test of its own: it needs a Slurm-configured service).</summary>
    private static readonly string[] Files = ["scalingapi.http", "corpora.http", "sweeps.http", "corpus-preparation.http"];

    private static readonly Regex RequestLine = new(@"^(GET|POST|PUT|PATCH|DELETE) ", RegexOptions.Multiline);
    private static readonly Regex StatusAssertion = new(@"^\?\? status == \d{3}\s*$", RegexOptions.Multiline);

    private static readonly string[] BrownDomains = ["press", "general", "belles-lettres", "government", "learned", "fiction"];

    private readonly ConsoleHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [SkippableFact]
    public async Task Every_request_of_every_http_file_runs_under_httpyac_with_its_expected_status()
    {
        var httpyac = CommandLine.Require("httpyac", "npm install -g httpyac");
        _host.AddSyntheticCorpus("brown", BrownDomains);
        foreach (var file in Files) await SendAll(httpyac, file, _host);
    }

    [SkippableFact]
    public async Task The_slurm_file_runs_under_httpyac_against_a_service_that_submits_to_the_cluster()
    {
        var httpyac = CommandLine.Require("httpyac", "npm install -g httpyac");
        CommandLine.Require("sbatch", ".ci/slurm-up.sh starts a single-node cluster");
        // under /tmp: slurmd (root) writes the array tasks' output there. The tasks stand in for workers (the file
        // launches, reads and cancels the sweep; training on the cluster is tested in ScalingApi.SlurmSweeps.Tests)
        var slurmDirectory = Path.Combine(Path.GetTempPath(), "scalingapi-slurm-http-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(slurmDirectory);
        try
        {
            await using var host = new ConsoleHost(new Dictionary<string, string>
            {
                ["Sweeps:DefaultExecutor"] = "slurm",
                ["Slurm:WorkingDirectory"] = slurmDirectory,
                ["Slurm:CheckpointDirectory"] = Path.Combine(slurmDirectory, "checkpoints"),
                ["Slurm:CpusPerTask"] = "1",
                ["Slurm:TimeLimit"] = "00:05:00",
                ["Slurm:WorkerCommand"] = "/bin/sh",
                ["Slurm:WorkerArguments:0"] = "-c",
                ["Slurm:WorkerArguments:1"] = "sleep 60",
                ["Slurm:WorkerArguments:2"] = "worker",
            });
            host.AddSyntheticCorpus("brown", BrownDomains);
            await SendAll(httpyac, "slurm.http", host);
        }
        finally
        {
            try { Directory.Delete(slurmDirectory, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Runs every request of <paramref name="file"/> with httpyac; fails unless each was sent and each check passed.</summary>
    private static async Task SendAll(string httpyac, string file, ConsoleHost host)
    {
        var environment = new Dictionary<string, string> { ["SCALINGAPI_URL"] = host.Url.TrimEnd('/'), ["SCALINGAPI_KEY"] = ConsoleHost.Key };
        var path = Path.Combine(CommandLine.RepositoryRoot, "http", file);
        var text = await File.ReadAllTextAsync(path);
        var requests = RequestLine.Matches(text).Count;
        Assert.True(requests == StatusAssertion.Matches(text).Count, $"{file}: every request states the status it expects (?? status == …)");

        // --timeout: the sweep's event stream stays open until the sweep has finished; -o none keeps response
        // bodies out of the JSON report (httpyac exits before a pipe takes more than 64 kB)
        var (output, errors) = await CommandLine.Run(httpyac, ["send", path, "--all", "--json", "-o", "none", "--timeout", "420000"],
            CommandLine.RepositoryRoot, environment, TimeSpan.FromMinutes(8));
        using var report = JsonDocument.Parse(output);
        var summary = report.RootElement.GetProperty("summary");
        var failed = report.RootElement.GetProperty("requests").EnumerateArray()
            .SelectMany(r => r.GetProperty("testResults").EnumerateArray().Where(t => t.GetProperty("status").GetString() != "SUCCESS")
                .Select(t => $"{r.GetProperty("title").GetString()}: {t.GetProperty("message").GetString()}"))
            .ToList();
        Assert.True(failed.Count == 0, $"{file}:\n{string.Join('\n', failed)}\n{errors}");
        foreach (var count in new[] { "failedRequests", "erroredRequests", "failedTests", "erroredTests", "skippedRequests" })
            Assert.True(summary.GetProperty(count).GetInt32() == 0, $"{file}: {count} in {summary}\n{errors}");
        // every request was sent (a loop's repetitions count once)
        var sent = report.RootElement.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()).Distinct().Count();
        Assert.True(sent == requests, $"{file}: {sent} of {requests} requests sent\n{errors}");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
