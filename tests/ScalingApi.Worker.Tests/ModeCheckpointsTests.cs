using ScalingApi.Contracts.Workers;
using ScalingApi.Worker.Running;

namespace ScalingApi.Worker.Tests;

/// <summary>A mixture-method lease names another run; the worker finds that run's newest checkpoint under its own root.</summary>
public class ModeCheckpointsTests
{
    [Fact]
    public void A_DoReMi_proxy_lease_trains_against_the_reference_runs_newest_complete_checkpoint()
    {
        using var root = new TempDirectory();
        root.Write("sweep-4/run-9/step-00000010/state.json", "{}");
        root.Write("sweep-4/run-9/step-00000020/state.json", "{}");
        root.Write("sweep-4/run-9/step-00000030/model.bin", "unfinished: no state.json");
        var settings = new WorkerSettings(new Uri("http://localhost/"), "k", "5", null, root.Path, "w");
        var lease = TestLeases.Create(steps: 40) with
        {
            Mode = new LeaseRunMode(LeaseRunMode.DoReMiProxy, new RunCheckpoint(4, 9), Eta: 0.5, Smoothing: 0.01, TrajectoryEvery: 4),
        };

        var options = TrainingOptionsFactory.Create(lease, 256, settings, Path.Combine(root.Path, "sweep-5", "run-11"));

        Assert.Equal(Path.Combine(root.Path, "sweep-4", "run-9", "step-00000020"), options.DoReMi!.ReferenceCheckpoint);
        Assert.Equal((0.5, 0.01, 4), (options.DoReMi.Eta, options.DoReMi.Smoothing, options.DoReMi.TrajectoryEvery));
        Assert.Null(TrainingOptionsFactory.Create(TestLeases.Create(), 256, settings, root.Path).DoReMi);
    }

    [Fact]
    public void A_missing_reference_checkpoint_fails_the_lease_for_good_with_the_path()
    {
        using var root = new TempDirectory();
        var error = Assert.Throws<InvalidDataException>(() => ModeCheckpoints.Latest(root.Path, new RunCheckpoint(4, 9)));
        Assert.Contains(Path.Combine("sweep-4", "run-9"), error.Message);
        Assert.False(LeaseRunner.IsRetryable(error));
        Assert.False(Directory.Exists(Path.Combine(root.Path, "sweep-4")), "looking must not create the directory");
    }
}
