using System.Diagnostics;

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
        var report = await RunPython("-m unittest discover -s tests -t . -v", Path.Combine(RepositoryRoot(), "clients", "python"),
            ("SCALINGAPI_CORPUS", "tiny.txt"));
        Assert.Matches(@"Ran [1-9]\d* tests", report);
        Assert.DoesNotContain("skipped", report); // every test ran against the service
    }

    [Fact]
    public async Task The_walkthrough_notebook_runs_cell_by_cell_against_a_live_service()
    {
        var report = await RunPython("notebooks/run_notebook.py notebooks/bimix-walkthrough.ipynb", RepositoryRoot());
        Assert.Contains("6 code cells ran", report);
    }

    /// <summary>Runs python3 with the service's URL and key in its environment; fails with its whole output unless it exits 0.</summary>
    private async Task<string> RunPython(string arguments, string workingDirectory, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("/usr/bin/python3", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["SCALINGAPI_URL"] = _host.Url.TrimEnd('/'), ["SCALINGAPI_KEY"] = ConsoleHost.Key, ["PYTHONDONTWRITEBYTECODE"] = "1" },
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEndAsync(); // unittest and the runner report on stderr
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await python.WaitForExitAsync(timeout.Token);
        var report = await output + await errors;
        Assert.True(python.ExitCode == 0, report);
        return report;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "ScalingApi.sln"))) return folder.FullName;
        throw new InvalidOperationException("ScalingApi.sln not found above " + AppContext.BaseDirectory);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
