using System.Text.Json.Serialization;

namespace ScalingApi.Laws.Schedules;

/// <summary>
/// How a schedule-aware law credits the learning-rate decay, read as the <see cref="AnnealingArea.S2"/> of its
/// L = … + c − d·S2 term: <see cref="Tissue"/> is Tissue et al.'s annealing area (with momentum λ, grows with the length
/// of the decay); <see cref="ConvexBound"/> is minus the convex last-iterate bound's noise term (<see cref="ConvexBoundNoise"/>),
/// so −d·S2 = +d·N: a loss that rises with the remaining gradient noise, bounded however long the run.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnnealingTerm>))]
public enum AnnealingTerm { Tissue, ConvexBound }

public static class AnnealingTermExtensions
{
    /// <summary>S1 and the term's S2 at <paramref name="step"/> of <paramref name="schedule"/>; <paramref name="decay"/> is λ (Tissue only).</summary>
    public static AnnealingArea At(this AnnealingTerm term, LrSchedule schedule, double step, double decay) => term switch
    {
        AnnealingTerm.Tissue => AnnealingArea.At(schedule, step, decay),
        AnnealingTerm.ConvexBound => new AnnealingArea(AnnealingArea.At(schedule, step, decay).S1, -ConvexBoundNoise.At(schedule, step)),
        _ => throw new ArgumentOutOfRangeException(nameof(term), term, "unknown annealing term"),
    };
}
