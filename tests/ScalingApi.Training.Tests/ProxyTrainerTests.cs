using ScalingApi.Laws.Schedules;
using ScalingApi.Training.Evaluation;
using ScalingApi.Training.Model;
using ScalingApi.Training.Optimization;
using ScalingApi.Training.Trainer;
using TorchSharp;

namespace ScalingApi.Training.Tests;

public class ProxyTrainerTests
{
    private static TrainingOptions Tiny(int steps, ulong seed = 1) => new()
    {
        Model = GptPresets.Tiny with { Context = 32 },
        Steps = steps,
        BatchSize = 8,
        Seed = seed,
        Schedule = new LrSchedule(LrScheduleKind.Exponential, 3e-3, 5, steps, 3e-3 * Math.Pow(0.99, steps - 5)),
        Evaluations = CheckpointSchedule.Even(2),
        ValidationWindowsPerDomain = 8,
        ProgressEvery = 1,
        Threads = 1,
        Device = DevicePreference.Cpu,
    };

    private static readonly double[] Mixture = [0.4, 0.4, 0.2];

    [Fact]
    public void ValidationLossFallsOnLearnableDomainsButNotBelowEntropyOnNoise()
    {
        var result = new ProxyTrainer(Tiny(60) with { Evaluations = CheckpointSchedule.At(1, 60) }, SyntheticDomains.Three(), Mixture).Run();

        var (first, last) = (result.Evaluations[0].DomainLoss, result.Evaluations[^1].DomainLoss);
        Assert.True(last["digits"] < 0.5 * first["digits"], $"digits: {first["digits"]} → {last["digits"]}");
        Assert.True(last["alpha"] < 0.7 * first["alpha"], $"alpha: {first["alpha"]} → {last["alpha"]}");
        // Uniform bytes cannot be predicted better than ln 256 ≈ 5.545 nats.
        Assert.True(last["noise"] > 5.4, $"noise: {last["noise"]}");
        Assert.Equal(60L * 8 * 32, result.TokensSeen);
    }

    [Fact]
    public void SameSeedGivesIdenticalLossesAndAnotherSeedDoesNot()
    {
        List<double> Losses(ulong seed)
        {
            var losses = new List<double>();
            var result = new ProxyTrainer(Tiny(12, seed), SyntheticDomains.Three(), Mixture)
                .Run(e => { if (e is ProgressReport p) losses.Add(p.TrainLoss); });
            losses.AddRange(result.Evaluations.SelectMany(r => r.DomainLoss.Values));
            return losses;
        }

        var a = Losses(3);
        Assert.Equal(a, Losses(3));
        Assert.NotEqual(a, Losses(4));
    }

    [Fact]
    public void LiveTensorCountStaysFlatAcrossSteps()
    {
        var live = new Dictionary<int, long>();
        new ProxyTrainer(Tiny(40) with { Clipping = ClippingOptions.Adaptive(new AdaGcOptions(StartStep: 10)) },
                SyntheticDomains.Three(), Mixture)
            .Run(e => { if (e is ProgressReport p) live[p.Step] = DisposeScopeManager.Statistics.ThreadTotalLiveCount; });

        // After the optimizer has created its state (first step) nothing may accumulate, including across
        // the AdaGC warm-up → adaptive switch and the evaluation at step 20.
        Assert.All(live.Where(kv => kv.Key >= 2), kv => Assert.Equal(live[2], kv.Value));
    }

    private static TrainingOptions Resumable(int steps = 24) =>
        Tiny(steps) with { Evaluations = CheckpointSchedule.At(8, 16, 20, 24), CheckpointEvery = 8 };

    /// <summary>Interrupts a run with <paramref name="interrupt"/>, then runs it again on the same directory and checks it resumed at
    /// <paramref name="expectedStart"/> and ended exactly as the uninterrupted run.</summary>
    private static void AssertResumeReproducesTheUninterruptedRun(
        Action<ProxyTrainer> interrupt, int expectedStart, int[] expectedEarlier)
    {
        var options = Resumable();
        var domains = SyntheticDomains.Three();
        var uninterrupted = new ProxyTrainer(options, domains, Mixture).Run();

        var dir = Directory.CreateTempSubdirectory("proxy-ckpt-").FullName;
        try
        {
            var resumable = options with { CheckpointDirectory = dir };
            interrupt(new ProxyTrainer(resumable, domains, Mixture));
            Assert.EndsWith($"step-{expectedStart:D8}", new Checkpoints.CheckpointStore(dir, 2).Latest());

            ResumedFromCheckpoint? resumed = null;
            var second = new ProxyTrainer(resumable, domains, Mixture)
                .Run(e => { if (e is ResumedFromCheckpoint r) resumed = r; });

            Assert.Equal(expectedStart, resumed!.Step);
            Assert.Equal(expectedEarlier, resumed.EarlierEvaluations.Select(r => r.Step));
            Assert.False(second.StoppedEarly);
            Assert.Equal(uninterrupted.Evaluations.Select(r => r.Step), second.Evaluations.Select(r => r.Step));
            foreach (var (expected, actual) in uninterrupted.Evaluations.Zip(second.Evaluations))
                Assert.Equal(expected.DomainLoss, actual.DomainLoss);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class SimulatedCrash : Exception;

    [Fact]
    public void ResumingAfterACrashReproducesTheUninterruptedRun() =>
        // A crash after step 19 (mid-way between the step-16 checkpoint and the next one) loses steps 17–19, nothing more.
        AssertResumeReproducesTheUninterruptedRun(trainer =>
            Assert.Throws<SimulatedCrash>(() => trainer.Run(e => { if (e is ProgressReport { Step: 19 }) throw new SimulatedCrash(); })),
            expectedStart: 16, expectedEarlier: [8, 16]);

    [Fact]
    public void CancellationSavesTheStepReachedAndResumingFromItReproducesTheUninterruptedRun() =>
        AssertResumeReproducesTheUninterruptedRun(trainer =>
        {
            using var cancel = new CancellationTokenSource();
            Assert.Throws<OperationCanceledException>(() => trainer.Run(e => { if (e is ProgressReport { Step: 19 }) cancel.Cancel(); }, cancel.Token));
        }, expectedStart: 19, expectedEarlier: [8, 16]);

    [Fact]
    public void AStopRequestSavesTheStepReachedAndResumingFromItReproducesTheUninterruptedRun() =>
        AssertResumeReproducesTheUninterruptedRun(trainer =>
        {
            var events = new List<TrainingEvent>();
            var result = trainer.Run(e =>
            {
                events.Add(e);
                if (e is ProgressReport { Step: 13 }) trainer.RequestCheckpointAndStop();
            });

            Assert.True(result.StoppedEarly);
            Assert.Equal(13, result.Steps);
            Assert.Equal([8], result.Evaluations.Select(r => r.Step));
            Assert.Equal([8, 13], events.OfType<CheckpointSaved>().Select(c => c.Step));
            var stopped = Assert.IsType<StoppedOnRequest>(events[^1]);
            Assert.Equal(13, stopped.Step);
            Assert.EndsWith("step-00000013", stopped.Path);
            Assert.DoesNotContain(events, e => e.Step > 13);
        }, expectedStart: 13, expectedEarlier: [8]);

    [Fact]
    public void AStopRequestRightAfterAScheduledSaveDoesNotSaveTwice()
    {
        var dir = Directory.CreateTempSubdirectory("proxy-ckpt-").FullName;
        try
        {
            var trainer = new ProxyTrainer(Resumable() with { CheckpointDirectory = dir }, SyntheticDomains.Three(), Mixture);
            var events = new List<TrainingEvent>();
            var result = trainer.Run(e =>
            {
                events.Add(e);
                if (e is CheckpointSaved { Step: 8 }) trainer.RequestCheckpointAndStop();
            });

            Assert.Equal(8, result.Steps);
            Assert.Single(events.OfType<CheckpointSaved>());
            Assert.EndsWith("step-00000008", Assert.IsType<StoppedOnRequest>(events[^1]).Path);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void WithoutACheckpointDirectoryAStopRequestStillStopsAtTheStepReached()
    {
        var trainer = new ProxyTrainer(Tiny(24), SyntheticDomains.Three(), Mixture);
        trainer.RequestCheckpointAndStop();
        var events = new List<TrainingEvent>();

        var result = trainer.Run(events.Add);

        Assert.True(result.StoppedEarly);
        Assert.Equal(0, result.Steps);
        Assert.Equal(new StoppedOnRequest(0, null), Assert.Single(events));
    }

    [Fact]
    public async Task AsyncStreamReportsTheSameRunAndSurfacesCancellation()
    {
        var options = Tiny(12) with { ProgressEvery = 4 };
        var expected = new ProxyTrainer(options, SyntheticDomains.Three(), Mixture).Run();

        var events = new List<TrainingEvent>();
        await foreach (var e in new ProxyTrainer(options, SyntheticDomains.Three(), Mixture).RunAsync()) events.Add(e);
        Assert.Equal([4, 8, 12], events.OfType<ProgressReport>().Select(p => p.Step));
        var evaluations = events.OfType<EvaluationReport>().ToArray();
        Assert.Equal(expected.Evaluations.Select(r => r.DomainLoss), evaluations.Select(r => r.DomainLoss));

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in new ProxyTrainer(options, SyntheticDomains.Three(), Mixture).RunAsync(cancelled.Token)) { }
        });
    }

    [Fact]
    public void TokenOutsideTheVocabularyIsRejectedBeforeTraining()
    {
        var domains = SyntheticDomains.Three().ToArray();
        var validation = domains[1].Validation.ToArray();
        validation[5] = 256;
        domains[1] = domains[1] with { Validation = validation };

        var error = Assert.Throws<ArgumentException>(() => new ProxyTrainer(Tiny(4), domains, Mixture));
        Assert.Equal("domains", error.ParamName);
        Assert.Contains("'digits' validation token 5 is 256", error.Message);
    }
}
