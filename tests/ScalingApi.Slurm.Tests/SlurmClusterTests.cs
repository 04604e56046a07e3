namespace ScalingApi.Slurm.Tests;

/// <summary>
/// End to end against the real single-node cluster: scripts from <see cref="BatchScriptBuilder"/>
/// submitted with <see cref="SlurmClient"/>, the worker replaced by a small shell command.
/// Every test cancels its job and removes its directory afterwards.
/// </summary>
public sealed class SlurmClusterTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "scalingapi-slurm-tests", Guid.NewGuid().ToString("N"));
    private readonly List<string> _submitted = [];
    private readonly SlurmClient _client;
    private readonly SlurmOptions _options;

    public SlurmClusterTests()
    {
        Directory.CreateDirectory(_directory);
        _options = new SlurmOptions
        {
            WorkerCommand = "/bin/sh",
            WorkingDirectory = _directory,
            CheckpointDirectory = Path.Combine(_directory, "checkpoints"),
            TimeLimit = "00:05:00",
            CpusPerTask = 1,
            CommandTimeout = TimeSpan.FromSeconds(30),
        };
        _client = new SlurmClient(_options);
    }

    [SlurmFact]
    public async Task A_two_task_array_runs_each_task_with_its_index_and_the_api_key_then_completes()
    {
        SlurmCluster.Require();
        // "$@" holds what the builder appended: --api-url ... --sweep ... --task-index N --checkpoint-dir ...
        _options.WorkerArguments = ["-c", "sleep 2; printf '%s\\n' \"$@\" \"key=$" + BatchScriptBuilder.ApiKeyVariable + "\" \"plain=$PLAIN\" > \"task-$SLURM_ARRAY_TASK_ID.txt\"", "worker"];
        _options.Environment = new() { ["PLAIN"] = "it's plain" };
        var script = BatchScriptBuilder.Build(new SweepBatchRequest("s1", 2, new Uri("http://127.0.0.1:5000/")), _options);

        var jobId = await SubmitAsync(script, new Dictionary<string, string> { [BatchScriptBuilder.ApiKeyVariable] = "key-123" });

        var early = await _client.GetTaskStatesAsync(jobId);
        Assert.Equal([0, 1], early.Select(s => s.TaskIndex!.Value).Order());
        Assert.All(early, s => Assert.Contains(s.State, new[] { SlurmJobState.Pending, SlurmJobState.Configuring, SlurmJobState.Running }));

        var done = await WaitForAsync(jobId, states => states.Count == 2 && states.All(s => s.State.IsFinal()));
        Assert.All(done, s =>
        {
            Assert.Equal(jobId, s.JobId);
            Assert.Equal(SlurmJobState.Completed, s.State);
            Assert.Equal(new SlurmExitCode(0, 0), s.ExitCode);
        });
        Assert.All(await _client.QueryQueueAsync(jobId), s => Assert.Equal(SlurmJobState.Completed, s.State));

        for (var task = 0; task < 2; task++)
        {
            var lines = await File.ReadAllLinesAsync(Path.Combine(_directory, $"task-{task}.txt"));
            Assert.Equal(
            [
                "--api-url", "http://127.0.0.1:5000/", "--sweep", "s1", "--task-index", task.ToString(),
                "--checkpoint-dir", _options.CheckpointDirectory, "key=key-123", "plain=it's plain",
            ], lines);
            Assert.True(File.Exists(Path.Combine(_directory, $"slurm-{jobId}_{task}.out")));
        }
        Assert.True(Directory.Exists(_options.CheckpointDirectory));
        Assert.DoesNotContain("key-123", script);
    }

    [SlurmFact]
    public async Task Cancelling_one_task_cancels_only_that_task()
    {
        SlurmCluster.Require();
        _options.WorkerArguments = ["-c", "sleep 300", "worker"];
        var script = BatchScriptBuilder.Build(new SweepBatchRequest("s2", 2, new Uri("http://127.0.0.1:5000/")), _options);
        var jobId = await SubmitAsync(script);
        await WaitForAsync(jobId, states => states.Any(s => s.TaskIndex == 0 && s.State == SlurmJobState.Running));

        await _client.CancelAsync(jobId, taskIndex: 1);

        var afterOne = await WaitForAsync(jobId, states => states.Any(s => s.TaskIndex == 1 && s.State == SlurmJobState.Cancelled));
        Assert.Equal(SlurmJobState.Running, afterOne.Single(s => s.TaskIndex == 0).State);

        await _client.CancelAsync(jobId);

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
        _options.WorkerArguments = ["-c", "echo \"start $SLURM_RESTART_COUNT\" >> \"runs-$SLURM_ARRAY_TASK_ID.txt\"; sleep 300", "worker"];
        var script = BatchScriptBuilder.Build(new SweepBatchRequest("s4", 1, new Uri("http://127.0.0.1:5000/")), _options);
        var jobId = await SubmitAsync(script);
        // Running is reported before the batch shell has run its first line: wait for the first start to be written,
        // or a cancel in between leaves one line where the test expects two (seen under load)
        var runs = Path.Combine(_directory, "runs-0.txt");
        await WaitForAsync(jobId, states => states.Any(s => s.TaskIndex == 0 && s.State == SlurmJobState.Running)
                                            && File.Exists(runs) && File.ReadAllLines(runs).Length == 1);
        await _client.CancelAsync(jobId, taskIndex: 0);
        await WaitForAsync(jobId, states => states.Any(s => s.TaskIndex == 0 && s.State == SlurmJobState.Cancelled));

        await _client.RequeueAsync(jobId, 0);
        Assert.True(await _client.TryStartSoonAsync(jobId, 0), "root may lift the requeue delay");

        // without StartTime=now+2 the requeued task would wait about two minutes (Reason=BeginTime)
        await WaitForAsync(jobId, states => states.Any(s => s.TaskIndex == 0 && s.State == SlurmJobState.Running)
                                            && File.ReadAllLines(runs).Length == 2);
        Assert.Equal(["start ", "start 1"], await File.ReadAllLinesAsync(runs));
        await Assert.ThrowsAsync<ArgumentException>(() => _client.RequeueAsync("1;2", 0));
    }

    [SlurmFact]
    public async Task A_script_slurm_rejects_becomes_a_command_exception_with_slurms_message()
    {
        SlurmCluster.Require();
        _options.Partition = "no-such-partition";
        var script = BatchScriptBuilder.Build(new SweepBatchRequest("s3", 1, new Uri("http://127.0.0.1:5000/")), _options);

        var error = await Assert.ThrowsAsync<SlurmCommandException>(() => _client.SubmitAsync(script));

        Assert.Equal("sbatch --parsable", error.Command);
        Assert.Equal(1, error.ExitCode);
        Assert.Contains("invalid partition", error.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    [SlurmFact]
    public async Task Unknown_jobs_have_no_states_and_sacct_either_answers_or_reports_it_is_unavailable()
    {
        SlurmCluster.Require();
        Assert.Empty(await _client.GetTaskStatesAsync("999999999"));
        Assert.Empty(await _client.QueryQueueAsync("999999999"));
        // without slurmdbd (the CI cluster) sacct is unavailable: null, not an exception
        var accounting = await _client.QueryAccountingAsync("999999999");
        Assert.True(accounting is null || accounting.Count == 0);
        await Assert.ThrowsAsync<ArgumentException>(() => _client.CancelAsync("-u root"));
    }

    private async Task<string> SubmitAsync(string script, IReadOnlyDictionary<string, string>? environment = null)
    {
        var jobId = await _client.SubmitAsync(script, environment);
        _submitted.Add(jobId);
        return jobId;
    }

    private async Task<IReadOnlyList<SlurmTaskState>> WaitForAsync(string jobId, Func<IReadOnlyList<SlurmTaskState>, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        IReadOnlyList<SlurmTaskState> states = [];
        while (DateTime.UtcNow < deadline)
        {
            states = await _client.GetTaskStatesAsync(jobId);
            if (condition(states)) return states;
            await Task.Delay(250);
        }
        throw new TimeoutException($"job {jobId} did not reach the expected states; last seen: {string.Join(", ", states)}");
    }

    public void Dispose()
    {
        foreach (var jobId in _submitted)
        {
            try { _client.CancelAsync(jobId).GetAwaiter().GetResult(); }
            catch (SlurmCommandException) { /* nothing left to cancel */ }
        }
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* a task may still be writing its output; the OS cleans /tmp */ }
    }
}
