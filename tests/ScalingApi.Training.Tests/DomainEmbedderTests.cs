using ScalingApi.Laws.Schedules;
using ScalingApi.Corpora.Synthetic;
using ScalingApi.Laws.Mixtures;
using ScalingApi.Training.Checkpoints;
using ScalingApi.Training.Data;
using ScalingApi.Training.Embeddings;
using ScalingApi.Training.Evaluation;
using ScalingApi.Training.Model;
using ScalingApi.Training.Optimization;
using ScalingApi.Training.Trainer;

namespace ScalingApi.Training.Tests;

/// <summary>Chameleon's embeddings (docs/science.md §4) from a tiny proxy trained for a few steps on the uniform mixture.</summary>
public sealed class DomainEmbedderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("embed-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static DomainTokens Sample(string name, MarkovSource source, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[5_000];
        source.Sample(random, bytes);
        var tokens = bytes.Select(b => (int)b).ToArray();
        return new DomainTokens(name, tokens.AsMemory(0, 4_000), tokens.AsMemory(4_000));
    }

    [Fact]
    public void DomainsSharingStructureGetLowLeverageAndTheDistinctOneTheHighest()
    {
        var alphabet = "abcdefgh"u8.ToArray();
        var shared = MarkovSource.CreateRandom(alphabet, 0.1, new Random(1));
        var distinct = MarkovSource.CreateRandom(alphabet, 0.1, new Random(2));
        // "twin-1" and "twin-2" are two samples of one source; "other" comes from another source.
        IReadOnlyList<DomainTokens> domains = [Sample("twin-1", shared, 10), Sample("twin-2", shared, 11), Sample("other", distinct, 12)];
        var options = new TrainingOptions
        {
            Model = GptPresets.Tiny with { Context = 32 }, Steps = 30, BatchSize = 8, Seed = 2, Threads = 1, Device = DevicePreference.Cpu,
            Schedule = new LrSchedule(LrScheduleKind.Exponential, 3e-3, 3, 30, 3e-3 * Math.Pow(0.99, 27)),
            Evaluations = CheckpointSchedule.At(30), ValidationWindowsPerDomain = 4, CheckpointDirectory = _root,
        };
        new ProxyTrainer(options, domains, [1 / 3.0, 1 / 3.0, 1 / 3.0]).Run();

        var result = DomainEmbedder.Embed(new CheckpointStore(_root, 1).Latest()!, domains, windowsPerDomain: 32, seed: 4, DevicePreference.Cpu);

        Assert.Equal(0, result.Layer); // tiny has two blocks: pooled after the first
        Assert.All(result.Vectors.Values, v => Assert.Equal(64, v.Length));
        var scores = ChameleonWeights.LeverageScores(domains.Select(d => (IReadOnlyList<double>)result.Vectors[d.Name]).ToList());
        var pretraining = ChameleonWeights.PretrainingWeights(scores);
        var fineTuning = ChameleonWeights.FineTuningWeights(scores);
        var describe = string.Join(", ", domains.Select((d, i) => $"{d.Name} S={scores[i]:F4}"));
        Assert.True(scores[2] > scores[0] && scores[2] > scores[1], describe);
        Assert.True(pretraining[2] < pretraining[0] && pretraining[2] < pretraining[1], describe);
        Assert.True(fineTuning[2] > fineTuning[0] && fineTuning[2] > fineTuning[1], describe);

        // Same checkpoint, windows and seed: the same vectors.
        var again = DomainEmbedder.Embed(new CheckpointStore(_root, 1).Latest()!, domains, windowsPerDomain: 32, seed: 4, DevicePreference.Cpu);
        Assert.Equal(result.Vectors["other"], again.Vectors["other"]);
    }
}
