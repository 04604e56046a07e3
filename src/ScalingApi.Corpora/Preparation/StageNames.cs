namespace ScalingApi.Corpora.Preparation;

/// <summary>The stable names of the stages in <see cref="StageOutcome.Stage"/> (and of the deduplication stages'
/// single filter), in the order the stages run.</summary>
public static class StageNames
{
    public const string Language = "language";
    public const string Quality = "quality";
    public const string ExactDedup = DuplicateIndex.ExactStage;
    public const string NearDedup = DuplicateIndex.NearStage;
}
