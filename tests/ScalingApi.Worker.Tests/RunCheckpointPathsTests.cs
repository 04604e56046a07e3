using ScalingApi.Contracts.Workers;
using ScalingApi.Worker.Running;

namespace ScalingApi.Worker.Tests;

public class RunCheckpointPathsTests
{
    [Fact]
    public void A_run_lives_under_sweep_and_run_id_whatever_the_attempt_or_worker()
    {
        var first = TestLeases.Create(sweepId: 7, runId: 42, attempt: 1);
        var retry = first with { LeaseId = Guid.NewGuid(), Attempt = 3, TaskIndex = 5 };
        Assert.Equal(Path.Combine("/data/ck", "sweep-7", "run-42"), RunCheckpointPaths.RunDirectory("/data/ck", first));
        Assert.Equal(RunCheckpointPaths.RunDirectory("/data/ck", first), RunCheckpointPaths.RunDirectory("/data/ck", retry));
    }

    [Theory]
    [InlineData("/data/ck/sweep-7")]
    [InlineData("/data/ck/sweep-7/")]
    public void A_root_that_is_already_the_sweep_directory_is_not_nested_again(string root) =>
        Assert.Equal("/data/ck/sweep-7/run-42", RunCheckpointPaths.RunDirectory(root, 7, 42));

    [Fact]
    public void Another_sweeps_directory_is_a_root_like_any_other() =>
        Assert.Equal("/data/ck/sweep-8/sweep-7/run-42", RunCheckpointPaths.RunDirectory("/data/ck/sweep-8", 7, 42));

    [Fact]
    public void A_relative_root_is_made_absolute() =>
        Assert.True(Path.IsPathRooted(RunCheckpointPaths.RunDirectory("ck", 1, 2)));

    [Fact]
    public void Attempt_log_reports_start_steps_in_order()
    {
        using var dir = new TempDirectory();
        Assert.Empty(AttemptLog.StartSteps(dir.Path));
        AttemptLog.Append(dir.Path, "lease=a attempt=1 worker=w start-step=0");
        AttemptLog.Append(dir.Path, "lease=a interrupted-by=SIGTERM");
        AttemptLog.Append(dir.Path, "lease=b attempt=2 worker=w start-step=12");
        Assert.Equal(new[] { 0, 12 }, AttemptLog.StartSteps(dir.Path));
    }
}
