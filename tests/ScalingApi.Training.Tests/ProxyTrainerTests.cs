using ScalingApi.Training.Evaluation;
using ScalingApi.Training.Model;
using ScalingApi.Training.Optimization;
using ScalingApi.Training.Training;
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
        Schedule = new LearningRateSchedule(PeakLr: 3e-3, WarmupSteps: 5, DecayPerStep: 0.99),
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

    [Fact]
    public void ResumingFromACheckpointReproducesTheUninterruptedRun()
    {
        var options = Tiny(24) with { Evaluations = CheckpointSchedule.At(8, 16, 20, 24), CheckpointEvery = 8 };
        var domains = SyntheticDomains.Three();
        var uninterrupted = new ProxyTrainer(options, domains, Mixture).Run();

        var dir = Directory.CreateTempSubdirectory("proxy-ckpt-").FullName;
        try
        {
            var stopAtStep = new CancellationTokenSource();
            var resumable = options with { CheckpointDirectory = dir };
            // Stop after the step-16 checkpoint (mid-way between it and the next one) as a crash would.
            Assert.Throws<OperationCanceledException>(() => new ProxyTrainer(resumable, domains, Mixture)
                .Run(e => { if (e is ProgressReport { Step: 19 }) stopAtStep.Cancel(); }, stopAtStep.Token));
            Assert.EndsWith("step-00000016", new Checkpoints.CheckpointStore(dir, 2).Latest());

            ResumedFromCheckpoint? resumed = null;
            var second = new ProxyTrainer(resumable, domains, Mixture)
                .Run(e => { if (e is ResumedFromCheckpoint r) resumed = r; });

            Assert.Equal(16, resumed!.Step);
            Assert.Equal([8, 16], resumed.EarlierEvaluations.Select(r => r.Step));
            Assert.Equal(uninterrupted.Evaluations.Select(r => r.Step), second.Evaluations.Select(r => r.Step));
            foreach (var (expected, actual) in uninterrupted.Evaluations.Zip(second.Evaluations))
                Assert.Equal(expected.DomainLoss, actual.DomainLoss);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
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
