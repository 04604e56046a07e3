using ScalingApi.Host.Sweeps.Executors.Slurm;
using ScalingApi.Slurm;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.SlurmSweeps.Tests;

/// <summary>The state-combination rules: Slurm's task state × the run's lease state → what the monitor does.</summary>
public class SlurmTaskReconcilerTests
{
    private const int MaxAttempts = 3;

    private static SlurmTaskState Task(SlurmJobState state, string? reason = null, SlurmExitCode? exit = null) =>
        new("42", 1, state, reason, exit);

    private static SlurmTaskVerdict Decide(SlurmTaskState? task, string status, int attempts) =>
        SlurmTaskReconciler.Decide("42", 1, task, new LeaseView(status, attempts), MaxAttempts);

    [Theory]
    [InlineData(SlurmJobState.Pending, "PENDING")]
    [InlineData(SlurmJobState.Running, "RUNNING")]
    [InlineData(SlurmJobState.Completing, "COMPLETING")]
    [InlineData(SlurmJobState.Requeued, "REQUEUED")]
    [InlineData(SlurmJobState.Suspended, "SUSPENDED")]
    public void A_queued_or_running_task_is_only_recorded_whatever_the_lease_says(SlurmJobState state, string shown)
    {
        foreach (var (status, attempts) in new[] { (SweepStatus.Pending, 0), (SweepStatus.Leased, 1), (SweepStatus.Pending, 2) })
        {
            var verdict = Decide(Task(state, "Priority"), status, attempts);
            Assert.Equal(new SlurmTaskVerdict(SlurmTaskAction.None, shown, "Priority", null), verdict);
        }
    }

    [Theory]
    [InlineData(SlurmJobState.Failed)]
    [InlineData(SlurmJobState.Cancelled)]
    [InlineData(SlurmJobState.Timeout)]
    [InlineData(SlurmJobState.Preempted)]
    [InlineData(SlurmJobState.NodeFail)]
    [InlineData(SlurmJobState.Completed)]
    public void A_task_that_ended_while_its_run_was_leased_is_requeued_while_attempts_remain(SlurmJobState state)
    {
        var verdict = Decide(Task(state, "NonZeroExitCode", new SlurmExitCode(143, 0)), SweepStatus.Leased, attempts: 1);

        Assert.Equal(SlurmTaskAction.Requeue, verdict.Action);
        Assert.Equal(state.ToSlurmName(), verdict.ExternalState);
        Assert.Equal("NonZeroExitCode, exit 143:0", verdict.ExternalReason);
        Assert.Contains($"Slurm task 42_1 ended {state.ToSlurmName()} (NonZeroExitCode, exit 143:0)", verdict.Error);
        Assert.Contains("requeued for attempt 2 of 3", verdict.Error);
    }

    [Fact]
    public void A_run_whose_lease_already_ended_is_requeued_when_its_task_ends()
    {
        // The reaper (lease expired) or the worker (retryable failure) returned the run to pending before Slurm reported the end.
        var verdict = Decide(Task(SlurmJobState.Cancelled), SweepStatus.Pending, attempts: 2);

        Assert.Equal(SlurmTaskAction.Requeue, verdict.Action);
        Assert.Contains("requeued for attempt 3 of 3", verdict.Error);
    }

    [Fact]
    public void The_last_attempt_fails_the_run_with_Slurms_reason()
    {
        var verdict = Decide(Task(SlurmJobState.NodeFail, "NodeDown"), SweepStatus.Leased, attempts: MaxAttempts);

        Assert.Equal(SlurmTaskAction.Fail, verdict.Action);
        Assert.Equal("NODE_FAIL", verdict.ExternalState);
        Assert.Contains("ended NODE_FAIL (NodeDown)", verdict.Error);
        Assert.Contains("no attempts left (3 of 3 used)", verdict.Error);
    }

    [Theory]
    [InlineData(SlurmJobState.OutOfMemory, "OUT_OF_MEMORY")]
    [InlineData(SlurmJobState.Deadline, "DEADLINE")]
    public void Limits_a_retry_would_hit_again_fail_at_once(SlurmJobState state, string shown)
    {
        var verdict = Decide(Task(state), SweepStatus.Leased, attempts: 1);

        Assert.Equal(SlurmTaskAction.Fail, verdict.Action);
        Assert.Equal(shown, verdict.ExternalState);
        Assert.Contains("a retry would hit the same limit", verdict.Error);
    }

    [Fact]
    public void A_task_that_ended_before_its_worker_claimed_fails_and_points_at_the_error_file()
    {
        var verdict = Decide(Task(SlurmJobState.Failed, "NonZeroExitCode", new SlurmExitCode(127, 0)), SweepStatus.Pending, attempts: 0);

        Assert.Equal(SlurmTaskAction.Fail, verdict.Action);
        Assert.Contains("never claimed", verdict.Error);
        Assert.Contains("slurm-42_1.err", verdict.Error);
    }

    [Theory]
    [InlineData("completed")]
    [InlineData("failed")]
    [InlineData("cancelled")]
    public void A_final_run_is_never_touched_only_its_state_shown(string status)
    {
        var ended = Decide(Task(SlurmJobState.Cancelled, null, new SlurmExitCode(0, 15)), status, attempts: 1);
        Assert.Equal(new SlurmTaskVerdict(SlurmTaskAction.None, "CANCELLED", "exit 0:15", null), ended);

        var unknown = Decide(null, status, attempts: 1);
        Assert.Equal(new SlurmTaskVerdict(SlurmTaskAction.None, null, null, null), unknown);
    }

    [Fact]
    public void A_task_Slurm_restarted_max_attempts_times_is_not_requeued_again()
    {
        // e.g. every requeued start died before its worker could claim, so no lease attempt was used
        var verdict = Decide(new SlurmTaskState("42", 1, SlurmJobState.Failed, "NonZeroExitCode", new SlurmExitCode(1, 0), Restarts: MaxAttempts),
            SweepStatus.Pending, attempts: 1);

        Assert.Equal(SlurmTaskAction.Fail, verdict.Action);
        Assert.Contains("Slurm already restarted it 3 times", verdict.Error);

        var oneLess = Decide(new SlurmTaskState("42", 1, SlurmJobState.Failed, null, null, Restarts: MaxAttempts - 1), SweepStatus.Pending, attempts: 1);
        Assert.Equal(SlurmTaskAction.Requeue, oneLess.Action);
    }

    [Fact]
    public void A_task_Slurm_forgot_fails_its_unfinished_run()
    {
        var verdict = Decide(null, SweepStatus.Pending, attempts: 1);

        Assert.Equal(SlurmTaskAction.Fail, verdict.Action);
        Assert.Null(verdict.ExternalState);
        Assert.Contains("no longer knows task 42_1", verdict.Error);
    }

    [Fact]
    public void A_clean_exit_code_is_not_shown_as_a_reason()
    {
        var verdict = Decide(Task(SlurmJobState.Completed, null, new SlurmExitCode(0, 0)), SweepStatus.Completed, attempts: 1);
        Assert.Null(verdict.ExternalReason);
    }
}
