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
    /// <summary>The order the docs introduce them in (slurm.http needs a Slurm cluster and is checked by hand).</summary>
    private static readonly string[] Files = ["scalingapi.http", "corpora.http", "sweeps.http"];

    private static readonly Regex RequestLine = new(@"^(GET|POST|PUT|PATCH|DELETE) ", RegexOptions.Multiline);
    private static readonly Regex StatusAssertion = new(@"^\?\? status == \d{3}\s*$", RegexOptions.Multiline);

    private readonly ConsoleHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [SkippableFact]
    public async Task Every_request_of_every_http_file_runs_under_httpyac_with_its_expected_status()
    {
        var httpyac = CommandLine.Require("httpyac", "npm install -g httpyac");
        _host.AddSyntheticCorpus("brown", "press", "general", "belles-lettres", "government", "learned", "fiction");
        var environment = new Dictionary<string, string> { ["SCALINGAPI_URL"] = _host.Url.TrimEnd('/'), ["SCALINGAPI_KEY"] = ConsoleHost.Key };

        foreach (var file in Files)
        {
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
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
