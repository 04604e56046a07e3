using ScalingApi.Laws.Schedules;
using ScalingApi.Corpora.Synthetic;
using ScalingApi.Training.Checkpoints;
using ScalingApi.Training.Data;
using ScalingApi.Training.DoReMi;
using ScalingApi.Training.Evaluation;
using ScalingApi.Training.Model;
using ScalingApi.Training.Optimization;
using ScalingApi.Training.Trainer;
using static TorchSharp.torch;

namespace ScalingApi.Training.Tests;

/// <summary>DoReMi's Group-DRO proxy inside the trainer (docs/science.md §3), on tiny models for a few steps.</summary>
public sealed class DoReMiTrainingTests : IDisposable
{
    private static readonly double[] Uniform = [1 / 3.0, 1 / 3.0, 1 / 3.0];
    private readonly string _root = Directory.CreateTempSubdirectory("doremi-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static TrainingOptions Tiny(int steps) => new()
    {
        Model = GptPresets.Tiny with { Context = 32 },
        Steps = steps,
        BatchSize = 8,
        Seed = 5,
        Schedule = new LrSchedule(LrScheduleKind.Exponential, 3e-3, 3, steps, 3e-3 * Math.Pow(0.99, steps - 3)),
        Evaluations = CheckpointSchedule.At(steps),
        ValidationWindowsPerDomain = 4,
        ProgressEvery = 1,
        Threads = 1,
        Device = DevicePreference.Cpu,
    };

    /// <summary>Two learnable low-entropy Markov domains (8 letters, peaked rows) and one of uniformly random bytes.</summary>
    private static IReadOnlyList<DomainTokens> MarkovAndNoise()
    {
        DomainTokens Markov(string name, int seed)
        {
            var random = new Random(seed);
            var source = MarkovSource.CreateRandom("abcdefgh"u8.ToArray(), 0.1, random);
            var bytes = new byte[6_000];
            source.Sample(random, bytes);
            var tokens = bytes.Select(b => (int)b).ToArray();
            return new DomainTokens(name, tokens.AsMemory(0, 5_000), tokens.AsMemory(5_000));
        }
        return [Markov("markov-a", 1), Markov("markov-b", 2), SyntheticDomains.Noise("random", 5_000, seed: 3)];
    }

    /// <summary>Trains the reference model on the uniform mixture and returns its final checkpoint.</summary>
    private string TrainReference(IReadOnlyList<DomainTokens> domains, int steps)
    {
        var directory = Path.Combine(_root, "reference");
        new ProxyTrainer(Tiny(steps) with { CheckpointDirectory = directory }, domains, Uniform).Run();
        return new CheckpointStore(directory, 1).Latest()!;
    }

    [Fact]
    public void TheObjectiveClipsPerTokenAveragesPerDomainAndMatchesTheGoldenUpdate()
    {
        using var reference = new GptModel(GptPresets.Tiny);
        var update = new DomainWeightUpdate(3, vocabularySize: 256, eta: 1.0, smoothing: 1e-3);
        using var objective = new GroupDroObjective(reference, update, Uniform);
        // Rows of domains 0, 1, 2. Clipping each token before averaging gives λ = (0.5, 0.1, 0.0); averaging first would give 0.375 for domain 0.
        using var referenceLoss = zeros(3, 4);
        using var proxyLoss = tensor(new float[] { 1.0f, -0.5f, 0.5f, 0.5f, 0.1f, 0.1f, 0.1f, 0.1f, -0.2f, -0.1f, 0f, -0.3f }, [3, 4]);

        using var loss = objective.Loss(proxyLoss, referenceLoss, [0, 1, 2]);

        Assert.Equal([0.439097, 0.294446, 0.266457], update.State.Weights.Select(w => Math.Round(w, 6)));
        Assert.Equal([0.5, 0.1, 0.0], update.State.Scores.Select(s => Math.Round(s, 6)));
        // Row weights α_d / p_d normalised: with p uniform they are α itself; row means are 0.375, 0.1, −0.15.
        Assert.Equal(0.439097 * 0.375 + 0.294446 * 0.1 + 0.266457 * -0.15, loss.item<float>(), 5);

        // A batch without domains 1 and 2: they keep their scores (0.1, 0.0), domain 0 gets its new one.
        using var onlyFirst = tensor(new float[] { 0.2f, 0.2f, 0.2f, 0.2f, 0.4f, 0.4f, 0.4f, 0.4f }, [2, 4]);
        using var _ = objective.Loss(onlyFirst, zeros(2, 4), [0, 0]);
        Assert.Equal([0.3, 0.1, 0.0], update.State.Scores.Select(s => Math.Round(s, 6)));
        Assert.Equal(2, update.State.Steps);
        var expected = ScalingApi.Laws.Mixtures.DoReMiWeights.Update([0.439097, 0.294446, 0.266457], [0.3, 0.1, 0.0]);
        Assert.Equal(expected.Select(w => Math.Round(w, 5)), update.State.Weights.Select(w => Math.Round(w, 5)));
        Assert.Equal(update.State.WeightSum.Select(s => s / 2), update.State.AverageWeights);
    }

    [Fact]
    public void ScoresOfDomainsNotYetSeenStartAtTheLogOfTheVocabulary()
    {
        var update = new DomainWeightUpdate(2, vocabularySize: 256, eta: 1.0, smoothing: 1e-3);
        update.Step([0.0], [0], tokensPerRow: 4);
        Assert.Equal([0.0, Math.Log(256)], update.State.Scores);
        Assert.True(update.State.Weights[1] > 0.99, "the unseen domain, at score ln 256, takes almost all the weight");
    }

    [Fact]
    public void DoReMiMovesWeightAwayFromTheRandomDomainAndReportsItsTrajectory()
    {
        var domains = MarkovAndNoise();
        var reference = TrainReference(domains, steps: 40);
        var reports = new List<DomainWeightsReport>();

        var result = new ProxyTrainer(Tiny(30) with { DoReMi = new DoReMiOptions(reference, TrajectoryEvery: 10) }, domains, Uniform)
            .Run(e => { if (e is DomainWeightsReport r) reports.Add(r); });

        var weights = result.DomainWeights!;
        Assert.Equal(1.0, weights.Values.Sum(), 9);
        Assert.True(weights["random"] < 1 / 3.0, $"random domain weight {weights["random"]:F4} is not below uniform");
        Assert.True(weights["random"] < weights["markov-a"] && weights["random"] < weights["markov-b"],
            string.Join(", ", weights.Select(kv => $"{kv.Key}={kv.Value:F4}")));
        Assert.Equal([10, 20, 30], reports.Select(r => r.Step));
        Assert.Equal(weights, reports[^1].Average);
    }

    [Fact]
    public void AKilledDoReMiRunResumesToTheSameWeights()
    {
        var domains = MarkovAndNoise();
        var reference = TrainReference(domains, steps: 10);
        var options = Tiny(20) with { DoReMi = new DoReMiOptions(reference, TrajectoryEvery: 5), CheckpointEvery = 8 };
        List<DomainWeightsReport> Reports(ProxyTrainer trainer, out TrainingResult result)
        {
            var reports = new List<DomainWeightsReport>();
            result = trainer.Run(e => { if (e is DomainWeightsReport r) reports.Add(r); });
            return reports;
        }

        var uninterrupted = Reports(new ProxyTrainer(options, domains, Uniform), out var expected);

        var resumable = options with { CheckpointDirectory = Path.Combine(_root, "dro") };
        Assert.Throws<InvalidOperationException>(() => new ProxyTrainer(resumable, domains, Uniform)
            .Run(e => { if (e is ProgressReport { Step: 13 }) throw new InvalidOperationException("killed"); }));
        var resumed = Reports(new ProxyTrainer(resumable, domains, Uniform), out var actual);

        Assert.Equal(expected.DomainWeights, actual.DomainWeights);
        Assert.Equal([10, 15, 20], resumed.Select(r => r.Step)); // resumed from the step-8 checkpoint
        foreach (var (before, after) in uninterrupted.Where(r => r.Step > 8).Zip(resumed))
        {
            Assert.Equal(before.Weights, after.Weights);
            Assert.Equal(before.Average, after.Average);
        }
        Assert.Equal(expected.Evaluations[^1].DomainLoss, actual.Evaluations[^1].DomainLoss);
    }

    [Fact]
    public void AReferenceOfAnotherShapeIsRefusedBeforeTraining()
    {
        var domains = MarkovAndNoise();
        var reference = TrainReference(domains, steps: 2);
        var options = Tiny(5) with { Model = GptPresets.Tiny with { Context = 32, VocabSize = 300 }, DoReMi = new DoReMiOptions(reference) };
        var error = Assert.Throws<ArgumentException>(() => new ProxyTrainer(options, domains, Uniform).Run());
        Assert.Contains("same shape", error.Message);
    }
}
