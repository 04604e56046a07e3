using System.Text.Json.Serialization;

namespace ScalingApi.Contracts;

// Learning-rate schedules on runs and prediction points, for schedule-aware laws (bimix-lr, docs/laws.md).

/// <summary>
/// The learning rate a run trained with. Either a shape: <c>kind</c> constant | linear | cosine | exponential | wsd with
/// <c>peak</c>, <c>warmupSteps</c> (linear warm-up from 0), <c>totalSteps</c> and <c>final</c> (the rate reached at
/// totalSteps; wsd also <c>decaySteps</c>, default a fifth of the steps after warm-up); or an explicit list:
/// <c>rates</c> (the rate of steps 1, 2, …; <c>kind</c> omitted or <c>explicit</c>).
/// </summary>
public sealed record LearningRateScheduleSpec(
    string? Kind = null,
    double? Peak = null,
    int? WarmupSteps = null,
    int? TotalSteps = null,
    double? Final = null,
    int? DecaySteps = null,
    IReadOnlyList<double>? Rates = null);

public sealed partial record CreateRunRequest
{
    /// <summary>The learning-rate schedule the run trained with, needed by <c>bimix-lr</c>.</summary>
    public LearningRateScheduleSpec? LearningRateSchedule { get; init; }
}

public sealed partial record RunResponse
{
    /// <summary>The declared (or, for sweep runs, recorded) learning-rate schedule; omitted when unknown.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LearningRateScheduleSpec? LearningRateSchedule { get; init; }
}

public sealed partial record PredictionPoint
{
    /// <summary><c>bimix-lr</c> fits: the schedule of the run to predict; default the longest fitted run's schedule stretched to the point's steps.</summary>
    public LearningRateScheduleSpec? LearningRateSchedule { get; init; }
}
