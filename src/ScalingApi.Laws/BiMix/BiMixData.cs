using ScalingApi.Laws.Schedules;

namespace ScalingApi.Laws.BiMix;

/// <summary>One proxy run: the mixture it was trained on (domain index → proportion).</summary>
public sealed record RunMixture(string Name, IReadOnlyList<double> Proportions)
{
    /// <summary>Model size N (parameters), for laws in model size; null when the run did not declare it.</summary>
    public double? Parameters { get; init; }

    /// <summary>The learning-rate schedule the run trained with, for schedule-aware laws (<c>bimix-lr</c>); null when not declared.</summary>
    public LrSchedule? Schedule { get; init; }
}

/// <summary>A validation loss of one domain at one checkpoint of one run.</summary>
public readonly record struct LossObservation(int Run, int Domain, double Step, double Loss);

/// <summary>
/// Everything a BiMix fit needs: domain names, the runs with their mixtures, and the losses.
/// Steps are the law's data-quantity variable <c>s</c>; callers convert tokens to steps first.
/// </summary>
public sealed record BiMixData(
    IReadOnlyList<string> Domains,
    IReadOnlyList<RunMixture> Runs,
    IReadOnlyList<LossObservation> Observations)
{
    /// <summary>
    /// Training part: all but each run's final checkpoint; held-out part: those final checkpoints.
    /// A run's final checkpoint is its largest step over all domains. Both parts keep every run, so
    /// run indices are unchanged.
    /// </summary>
    public (BiMixData Train, BiMixData HeldOut) SplitLastStep()
    {
        var lastStep = new double[Runs.Count];
        Array.Fill(lastStep, double.NegativeInfinity);
        foreach (var o in Observations)
            lastStep[o.Run] = Math.Max(lastStep[o.Run], o.Step);

        var train = new List<LossObservation>();
        var heldOut = new List<LossObservation>();
        foreach (var o in Observations)
            (o.Step == lastStep[o.Run] ? heldOut : train).Add(o);
        return (this with { Observations = train }, this with { Observations = heldOut });
    }

    /// <summary>
    /// Training part: runs not named; held-out part: every checkpoint of the named runs. Each part
    /// lists only its own runs (observations are re-indexed), so a bootstrap of the training part
    /// never draws a held-out run.
    /// </summary>
    /// <exception cref="ArgumentException">a name is not a run of this data.</exception>
    public (BiMixData Train, BiMixData HeldOut) SplitRuns(IReadOnlySet<string> heldOutRuns)
    {
        var unknown = heldOutRuns.Where(name => !Runs.Any(r => r.Name == name)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Unknown run(s) to hold out: {string.Join(", ", unknown)}.", nameof(heldOutRuns));

        var isHeldOut = Runs.Select(r => heldOutRuns.Contains(r.Name)).ToArray();
        return (Subset(run => !isHeldOut[run]), Subset(run => isHeldOut[run]));
    }

    /// <summary>Only the named runs (every checkpoint), re-indexed like <see cref="SplitRuns"/>'s parts.</summary>
    /// <exception cref="ArgumentException">a name is not a run of this data.</exception>
    public BiMixData SelectRuns(IReadOnlySet<string> runs)
    {
        var unknown = runs.Where(name => !Runs.Any(r => r.Name == name)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Unknown run(s) to select: {string.Join(", ", unknown)}.", nameof(runs));
        return Subset(run => runs.Contains(Runs[run].Name));
    }

    private BiMixData Subset(Func<int, bool> keepRun)
    {
        var newIndex = new int[Runs.Count];
        var runs = new List<RunMixture>();
        for (var run = 0; run < Runs.Count; run++)
        {
            newIndex[run] = keepRun(run) ? runs.Count : -1;
            if (keepRun(run)) runs.Add(Runs[run]);
        }
        var observations = Observations
            .Where(o => newIndex[o.Run] >= 0)
            .Select(o => o with { Run = newIndex[o.Run] })
            .ToList();
        return new BiMixData(Domains, runs, observations);
    }
}
