using ScalingApi.Contracts.Workers;
using ScalingApi.Training.Model;
using ScalingApi.Worker.Running;

namespace ScalingApi.Worker.Tests;

public class TrainingOptionsFactoryTests
{
    private static readonly WorkerSettings Settings = new(new Uri("http://localhost/"), "k", "1", null, "/tmp/ck", "w", Threads: 2);

    [Fact]
    public void Lease_fields_override_the_preset_and_the_tokenizer_sets_the_vocabulary()
    {
        var lease = TestLeases.Create(steps: 30, checkpoints: [10, 30]);
        var options = TrainingOptionsFactory.Create(lease, 50257, Settings, "/tmp/ck/sweep-1/run-1");

        Assert.Equal(new GptConfig(50257, Layers: 1, Heads: 2, DModel: 32, Context: 16), options.Model);
        Assert.Equal(4, options.BatchSize);
        Assert.Equal(30, options.Steps);
        Assert.Equal(3UL, options.Seed);
        Assert.Equal(new[] { 10, 30 }, options.Evaluations.Steps(30));
        Assert.Equal("/tmp/ck/sweep-1/run-1", options.CheckpointDirectory);
        Assert.Equal(3, options.CheckpointEvery); // a tenth of 30
        Assert.Equal(2, options.Threads);
    }

    [Fact]
    public void A_bare_preset_keeps_its_shape_and_save_every_wins_over_the_default()
    {
        var lease = TestLeases.Create(model: new ProxyModelSpec("small"), steps: 100);
        var options = TrainingOptionsFactory.Create(lease, 256, Settings with { SaveEvery = 7 }, "/x");
        Assert.Equal(GptPresets.Small, options.Model);
        Assert.Equal(ProxyModelShapes.DefaultBatchSize, options.BatchSize);
        Assert.Equal(7, options.CheckpointEvery);
    }

    [Fact]
    public void An_unknown_preset_is_an_argument_error_naming_it()
    {
        var lease = TestLeases.Create(model: new ProxyModelSpec("gigantic"));
        var e = Assert.Throws<ArgumentException>(() => TrainingOptionsFactory.Create(lease, 256, Settings, "/x"));
        Assert.Contains("gigantic", e.Message);
        Assert.False(LeaseRunner.IsRetryable(e));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(1000, 100)]
    public void Default_save_interval_is_a_tenth_of_the_run(int steps, int every) =>
        Assert.Equal(every, TrainingOptionsFactory.DefaultSaveEvery(steps));
}
