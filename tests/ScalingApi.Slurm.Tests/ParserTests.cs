namespace ScalingApi.Slurm.Tests;

/// <summary>Parsers fed with output captured from Slurm 22.05 (Debian 12) on the single-node test cluster, except sacct (see there).</summary>
public class ParserTests
{
    [Theory]
    [InlineData("123", "123", new int[0])]
    [InlineData("123_4", "123", new[] { 4 })]
    [InlineData("123_[5-7%2]", "123", new[] { 5, 6, 7 })]
    [InlineData("123_[1,3,8-10]", "123", new[] { 1, 3, 8, 9, 10 })]
    [InlineData("77_[0-6:3]", "77", new[] { 0, 3, 6 })]
    public void Array_ids_expand_to_task_indices(string printed, string jobId, int[] indices)
    {
        var parsed = ArrayTaskIds.Parse(printed);
        Assert.Equal(jobId, parsed.JobId);
        Assert.Equal(indices, parsed.TaskIndices);
    }

    [Theory]
    [InlineData("123_[x-2]")]
    [InlineData("123_[1-2:0]")]
    public void Malformed_array_ids_are_format_errors(string printed)
    {
        Assert.Throws<FormatException>(() => ArrayTaskIds.Parse(printed));
    }

    [Theory]
    [InlineData("PENDING", SlurmJobState.Pending)]
    [InlineData("RUNNING", SlurmJobState.Running)]
    [InlineData("COMPLETED", SlurmJobState.Completed)]
    [InlineData("CANCELLED by 0", SlurmJobState.Cancelled)]
    [InlineData("CANCELLED+", SlurmJobState.Cancelled)]
    [InlineData("OUT_OF_MEMORY", SlurmJobState.OutOfMemory)]
    [InlineData("NODE_FAIL", SlurmJobState.NodeFail)]
    [InlineData("PREEMPTED", SlurmJobState.Preempted)]
    [InlineData("TIMEOUT", SlurmJobState.Timeout)]
    [InlineData("REQUEUED", SlurmJobState.Requeued)]
    [InlineData("REQUEUE_HOLD", SlurmJobState.RequeueHold)]
    [InlineData("FAILED", SlurmJobState.Failed)]
    [InlineData("PD", SlurmJobState.Pending)]
    [InlineData("SOMETHING_NEW", SlurmJobState.Unknown)]
    public void States_parse_in_every_spelling_slurm_uses(string text, SlurmJobState expected)
    {
        Assert.Equal(expected, SlurmJobStates.Parse(text));
    }

    [Fact]
    public void Squeue_lists_each_array_task_with_state_and_reason()
    {
        // squeue --array --noheader --states=all --jobs=3 --format='%i|%T|%r'
        const string output = """
            3_1|CANCELLED|None
            3_3|PENDING|JobArrayTaskLimit
            3_4|PENDING|JobArrayTaskLimit
            3_2|RUNNING|None
            3_0|RUNNING|None

            """;
        Assert.Equal(
        [
            new SlurmTaskState("3", 1, SlurmJobState.Cancelled, null, null),
            new SlurmTaskState("3", 3, SlurmJobState.Pending, "JobArrayTaskLimit", null),
            new SlurmTaskState("3", 4, SlurmJobState.Pending, "JobArrayTaskLimit", null),
            new SlurmTaskState("3", 2, SlurmJobState.Running, null, null),
            new SlurmTaskState("3", 0, SlurmJobState.Running, null, null),
        ], SqueueOutput.Parse(output));
    }

    [Fact]
    public void Squeue_without_array_flag_compresses_pending_tasks_into_a_range()
    {
        // squeue --noheader --states=all --jobs=3 --format='%i|%T|%r', right after submission
        var states = SqueueOutput.Parse("3_[0-4%2]|PENDING|None\n");
        Assert.Equal([0, 1, 2, 3, 4], states.Select(s => s.TaskIndex!.Value));
        Assert.All(states, s => Assert.Equal(SlurmJobState.Pending, s.State));
    }

    [Fact]
    public void Squeue_lines_in_another_format_are_rejected()
    {
        Assert.Throws<FormatException>(() => SqueueOutput.Parse("3_1 CANCELLED None"));
    }

    [Fact]
    public void Scontrol_gives_exit_codes_of_finished_tasks_and_expands_the_pending_remainder()
    {
        // scontrol show job --oneliner for three jobs, concatenated; long runs of fields we do not
        // read are cut, nothing else is changed
        const string output = """
            JobId=10 ArrayJobId=10 ArrayTaskId=2-4%2 ArrayTaskThrottle=2 JobName=wrap UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901757 Nice=0 Account=(null) QOS=(null) JobState=PENDING Reason=JobArrayTaskLimit Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:0 RunTime=00:00:00 TimeLimit=UNLIMITED TimeMin=N/A
            JobId=11 ArrayJobId=10 ArrayTaskId=0 ArrayTaskThrottle=2 JobName=wrap UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901757 Nice=0 Account=(null) QOS=(null) JobState=RUNNING Reason=None Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:0 RunTime=00:00:01
            JobId=5 ArrayJobId=3 ArrayTaskId=1 ArrayTaskThrottle=2 JobName=wrap UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901757 Nice=0 Account=(null) QOS=(null) JobState=CANCELLED Reason=None Dependency=(null) Requeue=1 Restarts=1 BatchFlag=1 Reboot=0 ExitCode=0:15 RunTime=00:00:01 TimeLimit=UNLIMITED TimeMin=N/A Command=(null) WorkDir=/tmp/cap StdErr=/tmp/cap/3_1.out StdIn=/dev/null StdOut=/tmp/cap/3_1.out Power= 
            JobId=9 ArrayJobId=8 ArrayTaskId=0 ArrayTaskThrottle=0 JobName=wrap UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901756 Nice=0 Account=(null) QOS=(null) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=3:0 RunTime=00:00:00 TimeLimit=UNLIMITED
            JobId=1 JobName=slurm-up-check UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901759 Nice=0 Account=(null) QOS=(null) JobState=COMPLETED Reason=None Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:0 RunTime=00:00:00
            """;
        Assert.Equal(
        [
            new SlurmTaskState("10", 2, SlurmJobState.Pending, "JobArrayTaskLimit", null, 0),
            new SlurmTaskState("10", 3, SlurmJobState.Pending, "JobArrayTaskLimit", null, 0),
            new SlurmTaskState("10", 4, SlurmJobState.Pending, "JobArrayTaskLimit", null, 0),
            new SlurmTaskState("10", 0, SlurmJobState.Running, null, null, 0),
            new SlurmTaskState("3", 1, SlurmJobState.Cancelled, null, new SlurmExitCode(0, 15), 1),
            new SlurmTaskState("8", 0, SlurmJobState.Failed, "NonZeroExitCode", new SlurmExitCode(3, 0), 0),
            new SlurmTaskState("1", null, SlurmJobState.Completed, null, new SlurmExitCode(0, 0), 0),
        ], ScontrolJobOutput.Parse(output));
    }

    [Fact]
    public void Sacct_skips_job_steps_and_reads_exit_codes()
    {
        // sacct --parsable2 --noheader --allocations --jobs=812 --format=JobID,State,ExitCode,Reason
        // (the test cluster has no slurmdbd, so this sample follows sacct(1)'s documented layout;
        // steps appear when --allocations is left out, so the parser ignores them either way)
        const string output = """
            812_0|COMPLETED|0:0|None
            812_0.batch|COMPLETED|0:0|
            812_1|TIMEOUT|0:0|None
            812_2|CANCELLED by 1000|0:15|None
            812_3|OUT_OF_MEMORY|0:125|None
            812_[4-6%2]|PENDING|0:0|JobArrayTaskLimit
            """;
        Assert.Equal(
        [
            new SlurmTaskState("812", 0, SlurmJobState.Completed, null, new SlurmExitCode(0, 0)),
            new SlurmTaskState("812", 1, SlurmJobState.Timeout, null, new SlurmExitCode(0, 0)),
            new SlurmTaskState("812", 2, SlurmJobState.Cancelled, null, new SlurmExitCode(0, 15)),
            new SlurmTaskState("812", 3, SlurmJobState.OutOfMemory, null, new SlurmExitCode(0, 125)),
            new SlurmTaskState("812", 4, SlurmJobState.Pending, "JobArrayTaskLimit", null),
            new SlurmTaskState("812", 5, SlurmJobState.Pending, "JobArrayTaskLimit", null),
            new SlurmTaskState("812", 6, SlurmJobState.Pending, "JobArrayTaskLimit", null),
        ], SacctOutput.Parse(output));
    }
}
