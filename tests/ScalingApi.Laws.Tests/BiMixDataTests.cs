using ScalingApi.Laws.BiMix;

namespace ScalingApi.Laws.Tests;

public class BiMixDataTests
{
    private static BiMixData Small() => new(
        ["a", "b"],
        [new RunMixture("r0", [0.5, 0.5]), new RunMixture("r1", [0.2, 0.8]), new RunMixture("r2", [0.7, 0.3])],
        [
            new(0, 0, 100, 3.0), new(0, 1, 100, 3.1), new(0, 0, 200, 2.9), new(0, 1, 200, 3.0),
            new(1, 0, 100, 3.2), new(1, 0, 300, 3.0),
            new(2, 1, 100, 3.3), new(2, 1, 200, 3.2),
        ]);

    [Fact]
    public void SplitLastStep_holds_out_each_runs_final_checkpoint()
    {
        var (train, heldOut) = Small().SplitLastStep();
        Assert.Equal([(0, 200.0), (0, 200.0), (1, 300.0), (2, 200.0)], heldOut.Observations.Select(o => (o.Run, o.Step)));
        Assert.Equal(4, train.Observations.Count);
        Assert.DoesNotContain(train.Observations, o => heldOut.Observations.Contains(o));
        Assert.Equal(3, train.Runs.Count);
    }

    [Fact]
    public void SplitRuns_reindexes_each_part_to_its_own_runs()
    {
        var (train, heldOut) = Small().SplitRuns(new HashSet<string> { "r1" });
        Assert.Equal(["r0", "r2"], train.Runs.Select(r => r.Name));
        Assert.Equal(["r1"], heldOut.Runs.Select(r => r.Name));
        Assert.All(heldOut.Observations, o => Assert.Equal(0, o.Run));
        Assert.Equal([3.2, 3.0], heldOut.Observations.Select(o => o.Loss));
        Assert.Equal(6, train.Observations.Count);
        Assert.Contains(train.Observations, o => o.Run == 1 && o.Loss == 3.3);
    }

    [Fact]
    public void SplitRuns_rejects_unknown_names() =>
        Assert.Throws<ArgumentException>(() => Small().SplitRuns(new HashSet<string> { "nope" }));
}
