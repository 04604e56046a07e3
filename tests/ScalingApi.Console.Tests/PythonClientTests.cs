using System.Text.Json;

namespace ScalingApi.Console.Tests;

/// <summary>
/// The Python entry points against the real service on a real port, run with /usr/bin/python3 so that
/// `dotnet test` counts and fails them like any other test: the client's unittest suite (clients/python/tests)
/// and the walkthrough notebook, every code cell executed in order (notebooks/run_notebook.py).
/// </summary>
public sealed class PythonClientTests : IAsyncLifetime
{
    private readonly ConsoleHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_python_client_suite_passes_against_a_live_service()
    {
        await File.WriteAllTextAsync(Path.Combine(_host.CorpusRoot, "tiny.txt"),
            string.Concat(Enumerable.Repeat("a small corpus for a sweep that is cancelled at once. ", 40)));
        var report = await RunPython("-m unittest discover -s tests -t . -v", Path.Combine(CommandLine.RepositoryRoot, "clients", "python"),
            ("SCALINGAPI_CORPUS", "tiny.txt"));
        Assert.Matches(@"Ran [1-9]\d* tests", report);
        Assert.DoesNotContain("skipped", report); // every test ran against the service
    }

    [Fact]
    public async Task The_walkthrough_notebook_uses_the_client_is_committed_with_outputs_and_runs_against_a_live_service()
    {
        const string notebook = "notebooks/bimix-walkthrough.ipynb";
        using (var committed = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(CommandLine.RepositoryRoot, notebook))))
        {
            var code = committed.RootElement.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code").ToList();
            var source = string.Concat(code.SelectMany(c => c.GetProperty("source").EnumerateArray()).Select(line => line.GetString()));
            Assert.Contains("from scalingapi import Client", source);
            Assert.DoesNotContain("urllib", source); // every call goes through clients/python
            Assert.All(code, c => Assert.NotEqual(0, c.GetProperty("outputs").GetArrayLength()));
        }
        var report = await RunPython($"notebooks/run_notebook.py {notebook}", CommandLine.RepositoryRoot);
        Assert.Contains("7 code cells ran", report);
    }

    /// <summary>Runs python3 with the service's URL and key in its environment; fails with its whole output unless it exits 0.</summary>
    private async Task<string> RunPython(string arguments, string workingDirectory, params (string Name, string Value)[] environment)
    {
        var variables = new Dictionary<string, string>
        {
            ["SCALINGAPI_URL"] = _host.Url.TrimEnd('/'), ["SCALINGAPI_KEY"] = ConsoleHost.Key, ["PYTHONDONTWRITEBYTECODE"] = "1",
        };
        foreach (var (name, value) in environment) variables[name] = value;
        var (output, errors) = await CommandLine.Run("/usr/bin/python3", arguments.Split(' '), workingDirectory, variables, TimeSpan.FromMinutes(3));
        return output + errors; // unittest and the runner report on stderr
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
