using ScalingApi.Laws.Schedules;
using ScalingApi.Training.DoReMi;
using ScalingApi.Training.Evaluation;
using ScalingApi.Training.Model;
using ScalingApi.Training.Optimization;

namespace ScalingApi.Training.Trainer;

public enum DevicePreference { Auto, Cpu, Cuda }

/// <summary>Everything that defines one proxy training run (together with the domains and the mixture).</summary>
public sealed record TrainingOptions
{
    public required GptConfig Model { get; init; }
    public required int Steps { get; init; }
    public int BatchSize { get; init; } = 16;
    public ulong Seed { get; init; } = 1;

    /// <summary>
    /// Learning rate per step, any kind a run can declare (the same type the laws read, so what a sweep records is what it
    /// trained with); null ⇒ <see cref="ProxyTrainingSchedule"/>: peak 3e-3 with 10% warm-up, decaying to 10% at the end.
    /// </summary>
    public LrSchedule? Schedule { get; init; }
    public double WeightDecay { get; init; } = 0.1;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.95;
    public double Epsilon { get; init; } = 1e-8;
    public ClippingOptions Clipping { get; init; } = ClippingOptions.Global(1.0);

    /// <summary>Steps at which per-domain validation losses are computed.</summary>
    public CheckpointSchedule Evaluations { get; init; } = CheckpointSchedule.Even(10);
    public int ValidationWindowsPerDomain { get; init; } = 32;
    public int EvaluationBatchSize { get; init; } = 32;

    /// <summary>Directory for resumable checkpoints; null disables saving and resuming.</summary>
    public string? CheckpointDirectory { get; init; }
    /// <summary>Save every N steps (and at the last step); 0 ⇒ only at the last step.</summary>
    public int CheckpointEvery { get; init; }
    public int KeepCheckpoints { get; init; } = 2;

    /// <summary>Report training progress every N steps.</summary>
    public int ProgressEvery { get; init; } = 10;
    /// <summary>Intra-op threads for libtorch; null leaves libtorch's default.</summary>
    public int? Threads { get; init; }
    public DevicePreference Device { get; init; } = DevicePreference.Auto;

    /// <summary>Train a DoReMi (Group-DRO) proxy against a reference checkpoint; null trains an ordinary run.</summary>
    public DoReMiOptions? DoReMi { get; init; }

    public LrSchedule EffectiveSchedule => Schedule ?? ProxyTrainingSchedule.For(Steps);

    public void Validate()
    {
        Model.Validate();
        if (Steps < 1) throw new ArgumentException("must be at least 1", nameof(Steps));
        if (BatchSize < 1) throw new ArgumentException("must be at least 1", nameof(BatchSize));
        var schedule = EffectiveSchedule;
        var rates = Enumerable.Range(1, Steps).Select(schedule.At); // lazily: a run may have millions of steps
        if (!rates.All(r => double.IsFinite(r) && r >= 0) || !rates.Any(r => r > 0))
            throw new ArgumentException("every step's learning rate must be finite and non-negative, and some positive", nameof(Schedule));
        if (WeightDecay < 0) throw new ArgumentException("must be non-negative", nameof(WeightDecay));
        if (Beta1 is < 0 or >= 1) throw new ArgumentException("must be in [0, 1)", nameof(Beta1));
        if (Beta2 is < 0 or >= 1) throw new ArgumentException("must be in [0, 1)", nameof(Beta2));
        if (!(Epsilon > 0)) throw new ArgumentException("must be positive", nameof(Epsilon));
        if (Clipping.Kind == ClippingKind.GlobalNorm && !(Clipping.MaxNorm > 0))
            throw new ArgumentException("must be positive", nameof(ClippingOptions.MaxNorm));
        _ = Evaluations.Steps(Steps);
        if (ValidationWindowsPerDomain < 1) throw new ArgumentException("must be at least 1", nameof(ValidationWindowsPerDomain));
        if (EvaluationBatchSize < 1) throw new ArgumentException("must be at least 1", nameof(EvaluationBatchSize));
        if (CheckpointEvery < 0) throw new ArgumentException("must be non-negative", nameof(CheckpointEvery));
        if (KeepCheckpoints < 1) throw new ArgumentException("must be at least 1", nameof(KeepCheckpoints));
        if (ProgressEvery < 1) throw new ArgumentException("must be at least 1", nameof(ProgressEvery));
        if (Threads is < 1) throw new ArgumentException("must be at least 1", nameof(Threads));
        DoReMi?.Validate();
    }
}
