namespace ScalingApi.Corpora.Preparation.Pipeline;

/// <summary>
/// Counts, per stage and filter, what went in and what was removed. A document enters the stages in order until one
/// removes it, and is charged to that stage's rejecting filter only; a kept document passes through every stage.
/// So for each stage: in = next stage's in + removed, and the domain's in = out + all removals.
/// </summary>
internal sealed class AblationTally
{
    public const int SamplesPerFilter = 5;
    public const int SampleCharacters = 200;

    private readonly List<StageCount> _stages;

    /// <param name="stages">Each stage's name and its filters' names, in the order they are applied.</param>
    public AblationTally(IEnumerable<(string Stage, IEnumerable<string> Filters)> stages) =>
        _stages = [.. stages.Select(s => new StageCount(s.Stage, [.. s.Filters.Select(f => new FilterCount(f))]))];

    /// <summary>Records one document; <paramref name="stage"/> and <paramref name="filter"/> name what removed it
    /// (both null when it was kept).</summary>
    public void Record(SourceDocument document, string? stage, string? filter)
    {
        foreach (var count in _stages)
        {
            count.DocumentsIn++;
            count.BytesIn += document.Bytes;
            if (count.Stage != stage) continue;
            count.DocumentsRemoved++;
            count.BytesRemoved += document.Bytes;
            var charged = count.Filters.Find(f => f.Filter == filter)
                ?? throw new InvalidOperationException($"Stage '{stage}' has no filter '{filter}'.");
            charged.DocumentsRemoved++;
            charged.BytesRemoved += document.Bytes;
            if (charged.Samples.Count < SamplesPerFilter) charged.Samples.Add(Sample(document.Text));
            return;
        }
        if (stage is not null) throw new InvalidOperationException($"Stage '{stage}' is not configured.");
    }

    public IReadOnlyList<StageOutcome> Outcomes() =>
        [.. _stages.Select(s => new StageOutcome(s.Stage, s.DocumentsIn, s.BytesIn, s.DocumentsRemoved, s.BytesRemoved,
            [.. s.Filters.Select(f => new FilterOutcome(f.Filter, f.DocumentsRemoved, f.BytesRemoved, [.. f.Samples]))]))];

    /// <summary>The first <see cref="SampleCharacters"/> characters, never ending inside a surrogate pair.</summary>
    internal static string Sample(string text)
    {
        if (text.Length <= SampleCharacters) return text;
        var length = char.IsHighSurrogate(text[SampleCharacters - 1]) ? SampleCharacters - 1 : SampleCharacters;
        return text[..length];
    }

    private sealed class StageCount(string stage, List<FilterCount> filters)
    {
        public string Stage { get; } = stage;
        public List<FilterCount> Filters { get; } = filters;
        public long DocumentsIn { get; set; }
        public long BytesIn { get; set; }
        public long DocumentsRemoved { get; set; }
        public long BytesRemoved { get; set; }
    }

    private sealed class FilterCount(string filter)
    {
        public string Filter { get; } = filter;
        public long DocumentsRemoved { get; set; }
        public long BytesRemoved { get; set; }
        public List<string> Samples { get; } = [];
    }
}
