namespace ScalingApi.Slurm.Tests;

/// <summary>
/// End to end against the real single-node cluster: scripts from <see cref="BatchScriptBuilder"/>
/// submitted with <see cref="SlurmClient"/>, the worker replaced by a small shell command.
/// Every test cancels its job and removes its directory afterwards.
/// </summary>
public sealed class SlurmClusterTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "scalingapi-slurm-tests", Guid.NewGuid().ToString("N"));
    private readonly List<string> submitted = [];
    private readonly SlurmClient client;
    private readonly SlurmOptions options;

    public SlurmClusterTests()
    {
        Directory.CreateDirectory(directory);
        options = new SlurmOptions
        {
            WorkerCommand = "/bin/sh",
            WorkingDirectory = directory,
            CheckpointDirectory = Path.Combine(directory, "checkpoints"),
            TimeLimit = "00:05:00",
            CpusPerTask = 1,
            CommandTimeout = TimeSpan.FromSeconds(30),
        };
        client = new SlurmClient(options);
    }

    [SlurmFact]
    public async Task A_two_task_array_runs_each_task_with_its_index_and_the_api_key_then_completes()
    {
        SlurmCluster.Require();
        // "$@" holds what the builder appended: --api-url ... --sweep ... --task-index N --checkpoint-dir ...
        options.WorkerArguments = ["-c", "sleep 2; printf '%s\\n' \"$@\" \"key=$" + BatchScriptBuilder.ApiKeyVariable + "\" \"plain=$PLAIN\" > \"task-$SLURM_ARRAY_TASK_ID.txt\"", "worker"];
        options.Environment = new() { ["PLAIN"] = "it's plain" };
        var script = BatchScriptBuilder.Build(new SweepBatchRequest("s1", 2, new Uri("http://127.0.0.1:5000/")), options);

        var jobId = await SubmitAsync(script, new Dictionary<string, string> { [BatchScriptBuilder.ApiKeyVariable] = "key-123" });

        var early = await client.GetTaskStatesAsync(jobId);
        Assert.Equal([0, 1], early.Select(s => s.TaskIndex!.Value).Order());
        Assert.All(early, s => Assert.Contains(s.State, new[] { SlurmJobState.Pending, SlurmJobState.Configuring, SlurmJobState.Running }));

        var done = await WaitForAsync(jobId, states => states.Count == 2 && states.All(s => s.State.IsFinal()));
        Assert.All(done, s =>
        {
            Assert.Equal(jobId, s.JobId);
            Assert.Equal(SlurmJobState.Completed, s.State);
            Assert.Equal(new SlurmExitCode(0, 0), s.ExitCode);
        });
        Assert.All(await client.QueryQueueAsync(jobId), s => Assert.Equal(SlurmJobState.Completed, s.State));

        for (var task = 0; task < 2; task++)
        {
            var lines = await File.ReadAllLinesAsync(Path.Combine(directory, $"task-{task}.txt"));
            Assert.Equal(
            [
                "--api-url", "http://127.0.0.1:5000/", "--sweep", "s1", "--task-index", task.ToString(),
                "--checkpoint-dir", options.CheckpointDirectory, "key=key-123", "plain=it's plain",
            ], lines);
            Assert.True(File.Exists(Path.Combine(directory, $"slurm-{jobId}_{task}.out")));
        }
        Assert.True(Directory.Exists(options.CheckpointDirectory));
        Assert.DoesNotContain("key-123", script);
    }

    [SlurmFact]
    public async Task Cancelling_one_task_cancels_only_that_task()
    {
        SlurmCluster.Require();
        options.WorkerArguments = ["-c", "sleep 300", "worker"];
        var script = BatchScriptBuilder.Build(new SweepBatchRequest("s2", 2, new Uri("http://127.0.0.1:5000/")), options);
        var jobId = await SubmitAsync(script);
        await WaitForAsync(jobId, states => states.Any(s => s.TaskIndex == 0 && s.State == SlurmJobState.Running));

        await client.CancelAsync(jobId, taskIndex: 1);

        var afterOne = await WaitForAsync(jobId, states => states.Any(s => s.TaskIndex == 1 && s.State == SlurmJobState.Cancelled));
        Assert.Equal(SlurmJobState.Running, afterOne.Single(s => s.TaskIndex == 0).State);

        await client.CancelAsync(jobId);

        var afterAll = await WaitForAsync(jobId, states => states.All(s => s.State.IsFinal()));
        Assert.All(afterAll, s => Assert.Equal(SlurmJobState.Cancelled, s.State));
        // the running task was stopped with SIGTERM: killed by the signal (0:15), or, when the signal reached the batch
        // shell before it exec'd the worker, that shell exited with 128 + 15 (143:0); which one is a matter of timing
        var exit = afterAll.Single(s => s.TaskIndex == 0).ExitCode;
        Assert.True(exit == new SlurmExitCode(0, 15) || exit == new SlurmExitCode(128 + 15, 0), $"not stopped by SIGTERM: {exit}");
    }

    [SlurmFact]
    public async Task A_cancelled_task_requeued_and_started_now_runs_again_with_the_same_index()
    {
        SlurmCluster.Require();
        // each start appends a line, so the file counts how often the task ran
        options.WorkerArguments = ["-c", "echo \"start $SLURM_RESTART_COUNT\" >> \"runs-$SLURM_ARRAY_TASK_ID.txt\"; sleep 300", "worker"];
        var script = BatchScriptBuilder.Build(new SweepBatchRequest("s4", 1, new Uri("http://127.0.0.1:5000/")), options);
        var jobId = await SubmitAsync(script);
        await WaitForAsync(jobId, states => states.Any(s => s.TaskIndex == 0 && s.State == SlurmJobState.Running));
        await client.CancelAsync(jobId, taskIndex: 0);
        await WaitForAsync(jobId, states => states.Any(s => s.TaskIndex == 0 && s.State == SlurmJobState.Cancelled));

        await client.RequeueAsync(jobId, 0);
        Assert.True(await client.TryStartSoonAsync(jobId, 0), "root may lift the requeue delay");

        // without StartTime=now+2 the requeued task would wait about two minutes (Reason=BeginTime)
        await WaitForAsync(jobId, states => states.Any(s => s.TaskIndex == 0 && s.State == SlurmJobState.Running)
                                            && File.Exists(Path.Combine(directory, "runs-0.txt"))
                                            && File.ReadAllLines(Path.Combine(directory, "runs-0.txt")).Length == 2);
        Assert.Equal(["start ", "start 1"], await File.ReadAllLinesAsync(Path.Combine(directory, "runs-0.txt")));
        await Assert.ThrowsAsync<ArgumentException>(() => client.RequeueAsync("1;2", 0));
    }

    [SlurmFact]
    public async Task A_script_slurm_rejects_becomes_a_command_exception_with_slurms_message()
    {
        SlurmCluster.Require();
        options.Partition = "no-such-partition";
        var script = BatchScriptBuilder.Build(new SweepBatchRequest("s3", 1, new Uri("http://127.0.0.1:5000/")), options);

        var error = await Assert.ThrowsAsync<SlurmCommandException>(() => client.SubmitAsync(script));

        Assert.Equal("sbatch --parsable", error.Command);
        Assert.Equal(1, error.ExitCode);
        Assert.Contains("invalid partition", error.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    [SlurmFact]
    public async Task Unknown_jobs_have_no_states_and_sacct_either_answers_or_reports_it_is_unavailable()
    {
        SlurmCluster.Require();
        Assert.Empty(await client.GetTaskStatesAsync("999999999"));
        Assert.Empty(await client.QueryQueueAsync("999999999"));
        // without slurmdbd (the CI cluster) sacct is unavailable: null, not an exception
        var accounting = await client.QueryAccountingAsync("999999999");
        Assert.True(accounting is null || accounting.Count == 0);
        await Assert.ThrowsAsync<ArgumentException>(() => client.CancelAsync("-u root"));
    }

    private async Task<string> SubmitAsync(string script, IReadOnlyDictionary<string, string>? environment = null)
    {
        var jobId = await client.SubmitAsync(script, environment);
        submitted.Add(jobId);
        return jobId;
    }

    private async Task<IReadOnlyList<SlurmTaskState>> WaitForAsync(string jobId, Func<IReadOnlyList<SlurmTaskState>, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        IReadOnlyList<SlurmTaskState> states = [];
        while (DateTime.UtcNow < deadline)
        {
            states = await client.GetTaskStatesAsync(jobId);
            if (condition(states)) return states;
            await Task.Delay(250);
        }
        throw new TimeoutException($"job {jobId} did not reach the expected states; last seen: {string.Join(", ", states)}");
    }

    public void Dispose()
    {
        foreach (var jobId in submitted)
        {
            try { client.CancelAsync(jobId).GetAwaiter().GetResult(); }
            catch (SlurmCommandException) { /* nothing left to cancel */ }
        }
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { /* a task may still be writing its output; the OS cleans /tmp */ }
    }
}
