using System.Diagnostics;

namespace ScalingApi.Console.Tests;

/// <summary>Command-line programs the tests drive (python3, httpyac) and the checkout they run in.</summary>
internal static class CommandLine
{
    /// <summary>The repository root: the first folder above the test assembly holding ScalingApi.sln.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, "ScalingApi.sln"))) return folder.FullName;
            throw new InvalidOperationException("ScalingApi.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>
    /// The program's full path. On a developer machine without it the test is skipped; with CI=true a missing
    /// program is a failure, not a skip (.ci/run installs everything these tests use).
    /// </summary>
    public static string Require(string program, string install)
    {
        var found = Path.IsPathRooted(program)
            ? (File.Exists(program) ? program : null)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
                .Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);
        if (found is not null) return found;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"CI=true but {program} is missing: .ci/run installs it ({install}).");
        Skip.If(true, $"{program} is missing ({install})");
        return program;
    }

    /// <summary>Runs a program to its end; fails with everything it printed unless it exits 0. Returns stdout and stderr.</summary>
    public static async Task<(string Output, string Errors)> Run(string program, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(deadline.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} still running after {timeout}:\n{await output}\n{await errors}");
        }
        var (stdout, stderr) = (await output, await errors);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{stdout}\n{stderr}");
        return (stdout, stderr);
    }
}
