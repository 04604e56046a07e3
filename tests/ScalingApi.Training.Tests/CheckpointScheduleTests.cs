using ScalingApi.Training.Evaluation;

namespace ScalingApi.Training.Tests;

public class CheckpointScheduleTests
{
    [Fact]
    public void EvenSpreadsCountStepsEndingAtTheLast() =>
        Assert.Equal([25, 50, 75, 100], CheckpointSchedule.Even(4).Steps(100));

    [Fact]
    public void LogSpacedRunsFromOneToTheLastGeometrically() =>
        Assert.Equal([1, 10, 100, 1000], CheckpointSchedule.LogSpaced(4).Steps(1000));

    [Fact]
    public void ExplicitListIsSortedAndDeduplicated() =>
        Assert.Equal([5, 10, 20], CheckpointSchedule.At(20, 5, 10, 5).Steps(20));

    [Fact]
    public void ExplicitStepBeyondTheRunIsRejected() =>
        Assert.Throws<ArgumentException>(() => CheckpointSchedule.At(5, 21).Steps(20));
}
