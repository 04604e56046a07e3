namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>One heuristic quality rule. <see cref="Name"/> is stable (kebab-case): it labels the ablation table.
/// Implementations are immutable and thread-safe (documents are judged in parallel).</summary>
internal interface IQualityFilter
{
    string Name { get; }

    bool Rejects(QualityDocument document);
}
