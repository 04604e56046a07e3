using ScalingApi.Corpora.Reading;

namespace ScalingApi.Corpora.Statistics;

/// <summary>
/// Counts documents pushed into it (pure counting, no I/O). One instance per worker thread; partial
/// results are combined with <see cref="Merge"/> before <see cref="Compute"/>.
/// </summary>
public interface IStatisticsAccumulator : IDocumentSink
{
    void Merge(IStatisticsAccumulator other);
    EntropyFigures Compute();
}
