using System.Diagnostics;

namespace ScalingApi.Slurm.Tests;

public class BatchScriptBuilderTests
{
    private static readonly SweepBatchRequest Sweep = new("42", 8, new Uri("http://api.cluster:5000/"));

    private static SlurmOptions Options() => new()
    {
        WorkerCommand = "/shared/worker/ScalingApi.Worker",
        WorkingDirectory = "/shared/slurm",
        CheckpointDirectory = "/shared/checkpoints",
    };

    private static string[] Directives(string script) =>
        script.Split('\n').Where(l => l.StartsWith("#SBATCH ")).Select(l => l["#SBATCH ".Length..]).ToArray();

    [Fact]
    public void Array_spec_covers_every_run_and_applies_the_concurrency_cap()
    {
        var options = Options();
        options.MaxConcurrentTasks = 3;
        Assert.Contains("--array=0-7%3", Directives(BatchScriptBuilder.Build(Sweep, options)));
    }

    [Fact]
    public void Array_spec_has_no_cap_when_none_is_configured()
    {
        Assert.Contains("--array=0-7", Directives(BatchScriptBuilder.Build(Sweep, Options())));
    }

    [Fact]
    public void Resources_and_scheduling_options_become_directives()
    {
        var options = Options();
        options.Partition = "gpu";
        options.Account = "lm-team";
        options.Qos = "high";
        options.GpusPerTask = 2;
        options.CpusPerTask = 8;
        options.MemoryPerTask = "32G";
        options.TimeLimit = "04:00:00";
        options.PreemptionWarningSeconds = 120;
        options.ExtraDirectives = ["--constraint=a100", "--exclusive"];

        var directives = Directives(BatchScriptBuilder.Build(Sweep, options));

        Assert.Equal(
        [
            "--array=0-7", "--job-name=scalingapi-sweep-42", "--chdir=/shared/slurm",
            "--output=/shared/slurm/slurm-%A_%a.out", "--error=/shared/slurm/slurm-%A_%a.err",
            "--open-mode=append", "--ntasks=1", "--partition=gpu", "--account=lm-team", "--qos=high",
            "--gres=gpu:2", "--cpus-per-task=8", "--mem=32G", "--time=04:00:00",
            "--requeue", "--signal=B:USR1@120", "--export=ALL", "--constraint=a100", "--exclusive",
        ], directives);
    }

    [Fact]
    public void Cpu_only_tasks_ask_for_no_gres()
    {
        var options = Options();
        options.GpusPerTask = 0;
        Assert.DoesNotContain(Directives(BatchScriptBuilder.Build(Sweep, options)), d => d.StartsWith("--gres"));
    }

    [Fact]
    public void Worker_line_passes_sweep_task_index_url_and_checkpoints_but_not_the_api_key()
    {
        var options = Options();
        options.WorkerArguments = ["run-task", "--device", "cuda"];
        var script = BatchScriptBuilder.Build(Sweep, options);

        var workerLine = script.Split('\n').Single(l => l.StartsWith("exec "));
        Assert.Equal(
            "exec '/shared/worker/ScalingApi.Worker' 'run-task' '--device' 'cuda' --api-url 'http://api.cluster:5000/' " +
            "--sweep '42' --task-index \"$SLURM_ARRAY_TASK_ID\" --checkpoint-dir '/shared/checkpoints'",
            workerLine);
        Assert.DoesNotContain("api-key", script, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Hostile_environment_values_and_arguments_reach_the_worker_verbatim_through_bash()
    {
        // the script's shell part is executed by the real bash, with the worker replaced by printf
        string[] nasty = ["it's", "$(touch /tmp/pwned)", "`id`", "a b  c", "\"double\"", "back\\slash", "$HOME", "*", ";exit 3", ""];
        var options = Options();
        options.WorkerCommand = "printf";
        options.WorkerArguments = ["%s\\n", .. nasty];
        options.CheckpointDirectory = Path.Combine(Path.GetTempPath(), $"ckpt 'quoted' {Guid.NewGuid():N}");
        options.Environment = new() { ["NASTY"] = "x'; echo injected; '$(id)", ["PLAIN"] = "1" };
        var script = BatchScriptBuilder.Build(Sweep, options)
            .Replace("exec 'printf' '%s\\n'", "printf '%s\\n' \"$NASTY\"; exec 'printf' '%s\\n'");

        var output = await RunBashAsync(script, ("SLURM_ARRAY_TASK_ID", "5"));

        Assert.Equal(
            ["x'; echo injected; '$(id)", .. nasty, "--api-url", "http://api.cluster:5000/", "--sweep", "42",
             "--task-index", "5", "--checkpoint-dir", options.CheckpointDirectory],
            output.TrimEnd('\n').Split('\n'));
        Assert.True(Directory.Exists(options.CheckpointDirectory));
        Directory.Delete(options.CheckpointDirectory);
    }

    [Theory]
    [InlineData("Partition", "gpu\n#SBATCH --uid=0")]
    [InlineData("Partition", "gpu a100")]
    [InlineData("WorkingDirectory", "relative/dir")]
    [InlineData("WorkingDirectory", "/with space")]
    [InlineData("ExtraDirectives", "--x\n/bin/evil")]
    [InlineData("ExtraDirectives", "not-an-option")]
    [InlineData("Environment", "1BAD")]
    [InlineData("MaxConcurrentTasks", "0")]
    public void Invalid_options_are_rejected_naming_the_option(string option, string value)
    {
        var options = Options();
        switch (option)
        {
            case "Partition": options.Partition = value; break;
            case "WorkingDirectory": options.WorkingDirectory = value; break;
            case "ExtraDirectives": options.ExtraDirectives = [value]; break;
            case "Environment": options.Environment = new() { [value] = "x" }; break;
            case "MaxConcurrentTasks": options.MaxConcurrentTasks = int.Parse(value); break;
        }
        var error = Assert.Throws<ArgumentException>(() => BatchScriptBuilder.Build(Sweep, options));
        Assert.Contains(option, error.Message);
    }

    [Fact]
    public void Empty_sweeps_cannot_become_arrays()
    {
        Assert.Throws<ArgumentException>(() => BatchScriptBuilder.Build(Sweep with { TaskCount = 0 }, Options()));
    }

    [Fact]
    public void Same_input_gives_the_same_script()
    {
        var options = Options();
        options.Environment = new() { ["B"] = "2", ["A"] = "1" };
        Assert.Equal(BatchScriptBuilder.Build(Sweep, options), BatchScriptBuilder.Build(Sweep, options));
        var script = BatchScriptBuilder.Build(Sweep, options);
        Assert.True(script.IndexOf("export A='1'", StringComparison.Ordinal) < script.IndexOf("export B='2'", StringComparison.Ordinal));
    }

    private static async Task<string> RunBashAsync(string script, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-s");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var bash = Process.Start(start)!;
        await bash.StandardInput.WriteAsync(script);
        bash.StandardInput.Close();
        var output = await bash.StandardOutput.ReadToEndAsync();
        var error = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.True(bash.ExitCode == 0, $"bash exited {bash.ExitCode}: {error}");
        return output;
    }
}
