using System.CommandLine;
using ScalingApi.Worker.Commands;
using ScalingApi.Worker.Running;

namespace ScalingApi.Worker.Tests;

public class CliParsingTests
{
    private static async Task<(int ExitCode, WorkerSettings? Settings, string Error)> Invoke(params string[] args)
    {
        WorkerSettings? captured = null;
        var root = WorkerCli.Create((settings, _) => { captured = settings; return Task.FromResult(0); });
        var error = new StringWriter();
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Error = error, Output = new StringWriter() });
        return (code, captured, error.ToString());
    }

    [Fact]
    public async Task The_slurm_batch_script_invocation_parses_without_the_run_word()
    {
        // exactly what BatchScriptBuilder emits after `exec '<worker>'` with empty WorkerArguments
        var (code, settings, _) = await Invoke(
            "--api-url", "http://login01:5000/", "--sweep", "17", "--task-index", "3", "--checkpoint-dir", "/shared/ck");

        Assert.Equal(0, code);
        Assert.NotNull(settings);
        Assert.Equal(new Uri("http://login01:5000/"), settings.ApiUrl);
        Assert.Equal("17", settings.SweepId);
        Assert.Equal(3, settings.TaskIndex);
        Assert.Equal("/shared/ck", settings.CheckpointRoot);
        Assert.Null(settings.MaxRuns);
        Assert.Equal(WorkerSettings.DefaultWorkerId(), settings.WorkerId);
    }

    [Fact]
    public async Task The_local_executor_invocation_with_every_option()
    {
        var (code, settings, _) = await Invoke(
            "run", "--api-url", "http://127.0.0.1:5123", "--sweep", "4", "--checkpoint-dir", "/tmp/ck",
            "--threads", "2", "--worker-id", "local-1", "--max-runs", "1", "--save-every", "5", "--stop-grace-seconds", "3");

        Assert.Equal(0, code);
        Assert.Equal(new WorkerSettings(new Uri("http://127.0.0.1:5123"), Environment.GetEnvironmentVariable(WorkerSettings.ApiKeyVariable),
            "4", null, "/tmp/ck", "local-1", Threads: 2, MaxRuns: 1, SaveEvery: 5, StopGrace: TimeSpan.FromSeconds(3)), settings);
    }

    [Theory]
    [InlineData("--api-url", "not-a-url", "--api-url")]
    [InlineData("--api-url", "ftp://host/", "--api-url")]
    [InlineData("--threads", "0", "--threads")]
    [InlineData("--max-runs", "0", "--max-runs")]
    [InlineData("--task-index", "-1", "--task-index")]
    [InlineData("--save-every", "0", "--save-every")]
    public async Task Bad_values_are_refused_naming_the_option(string option, string value, string named)
    {
        var args = new List<string> { "run", "--api-url", "http://localhost/", "--sweep", "1", "--checkpoint-dir", "/tmp/x" };
        var at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value; else args.AddRange([option, value]);

        var (code, settings, error) = await Invoke(args.ToArray());

        Assert.NotEqual(0, code);
        Assert.Null(settings);
        Assert.Contains(named, error);
    }

    [Fact]
    public async Task Missing_required_options_are_refused()
    {
        var (code, settings, error) = await Invoke("run", "--sweep", "1");
        Assert.NotEqual(0, code);
        Assert.Null(settings);
        Assert.Contains("--api-url", error);
        Assert.Contains("--checkpoint-dir", error);
    }

    [Fact]
    public async Task Without_an_api_key_the_worker_stops_before_calling_anything()
    {
        var settings = new WorkerSettings(new Uri("http://127.0.0.1:1/"), null, "1", null, "/tmp/x", "w");
        Assert.Equal(RunCommand.ConfigurationError, await RunCommand.ExecuteAsync(settings, CancellationToken.None));
    }
}
