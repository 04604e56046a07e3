using System.Diagnostics;

namespace ScalingApi.Slurm.Tests;

/// <summary>The process runner with ordinary system binaries standing in for Slurm commands.</summary>
public class SlurmCommandRunnerTests
{
    private readonly SlurmCommandRunner _runner = new(TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Arguments_are_passed_as_a_list_without_a_shell()
    {
        var result = await _runner.RunCheckedAsync("printf", ["%s|", "a b", "$(id)", "'q'"]);
        Assert.Equal("a b|$(id)|'q'|", result.StandardOutput);
    }

    [Fact]
    public async Task Standard_input_and_extra_environment_reach_the_command()
    {
        var input = await _runner.RunCheckedAsync("cat", [], standardInput: "#!/bin/bash\necho hi\n");
        Assert.Equal("#!/bin/bash\necho hi\n", input.StandardOutput);

        var environment = await _runner.RunCheckedAsync("printenv", ["SCALINGAPI_TEST_SECRET"],
            environment: new Dictionary<string, string> { ["SCALINGAPI_TEST_SECRET"] = "s3cret" });
        Assert.Equal("s3cret\n", environment.StandardOutput);
    }

    [Fact]
    public async Task Non_zero_exit_becomes_an_exception_with_command_exit_code_and_stderr()
    {
        var error = await Assert.ThrowsAsync<SlurmCommandException>(
            () => _runner.RunCheckedAsync("ls", ["/definitely/not/here"]));
        Assert.Equal("ls /definitely/not/here", error.Command);
        Assert.Equal(2, error.ExitCode);
        Assert.Contains("/definitely/not/here", error.StandardError);
        Assert.False(error.TimedOut);
    }

    [Fact]
    public async Task Missing_binary_becomes_an_exception_naming_the_command()
    {
        var error = await Assert.ThrowsAsync<SlurmCommandException>(
            () => _runner.RunAsync("sbatch-that-does-not-exist", ["--parsable"]));
        Assert.Null(error.ExitCode);
        Assert.Contains("sbatch-that-does-not-exist", error.Message);
    }

    [Fact]
    public async Task A_command_that_hangs_is_killed_at_the_timeout()
    {
        var quick = new SlurmCommandRunner(TimeSpan.FromMilliseconds(500));
        var marker = $"scalingapi-timeout-{Guid.NewGuid():N}";
        var clock = Stopwatch.StartNew();

        // the shell's child sleep must die too (the whole process tree is killed)
        var error = await Assert.ThrowsAsync<SlurmCommandException>(
            () => quick.RunAsync("bash", ["-c", $"sleep 30 # {marker}"]));

        Assert.True(error.TimedOut);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        await Task.Delay(200);
        Assert.DoesNotContain(Process.GetProcesses(), p => CommandLine(p).Contains(marker));
    }

    private static string CommandLine(Process process)
    {
        try { return File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }
}
