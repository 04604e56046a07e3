using System.Diagnostics;

namespace ScalingApi.Console.Tests;

/// <summary>
/// Runs the Python client's unittest suite (clients/python/tests) with /usr/bin/python3 against the real
/// service on a real port, so `dotnet test` counts and fails it like any other test.
/// </summary>
public sealed class PythonClientTests : IAsyncLifetime
{
    private readonly ConsoleHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_python_client_suite_passes_against_a_live_service()
    {
        var repository = RepositoryRoot();
        var corpus = Path.Combine(_host.CorpusRoot, "tiny.txt");
        await File.WriteAllTextAsync(corpus, string.Concat(Enumerable.Repeat("a small corpus for a sweep that is cancelled at once. ", 40)));
        var start = new ProcessStartInfo("/usr/bin/python3", "-m unittest discover -s tests -t . -v")
        {
            WorkingDirectory = Path.Combine(repository, "clients", "python"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["SCALINGAPI_URL"] = _host.Url,
                ["SCALINGAPI_KEY"] = ConsoleHost.Key,
                ["SCALINGAPI_CORPUS"] = "tiny.txt",
                ["PYTHONDONTWRITEBYTECODE"] = "1",
            },
        };
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEndAsync(); // unittest reports on stderr
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await python.WaitForExitAsync(timeout.Token);
        var report = await output + await errors;
        Assert.True(python.ExitCode == 0, report);
        Assert.Matches(@"Ran [1-9]\d* tests", report);
        Assert.DoesNotContain("skipped", report); // every test ran against the service
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "ScalingApi.sln"))) return folder.FullName;
        throw new InvalidOperationException("ScalingApi.sln not found above " + AppContext.BaseDirectory);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
