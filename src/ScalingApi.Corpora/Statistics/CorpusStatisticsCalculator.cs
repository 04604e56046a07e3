using ScalingApi.Corpora.Reading;
using ScalingApi.Corpora.Tokenization;

namespace ScalingApi.Corpora.Statistics;

/// <summary>Options of one statistics run.</summary>
public sealed record CorpusStatisticsOptions
{
    /// <summary>VNE costs a second table lookup per token plus a sparse outer product per document.</summary>
    public bool ComputeVonNeumann { get; init; } = true;

    /// <summary>Files are read in parallel, one accumulator per worker.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>
/// Measures one domain's corpus: streams its files through the readers into per-worker accumulators,
/// merges them and computes the figures. Memory is bounded by buffers and count tables, not corpus size.
/// </summary>
public static class CorpusStatisticsCalculator
{
    public static DomainCorpusStats Compute(
        IReadOnlyList<string> files,
        ICorpusTokenizer tokenizer,
        CorpusStatisticsOptions? options = null,
        IProgress<CorpusProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new CorpusStatisticsOptions();
        var fingerprint = CorpusFingerprint.Compute(files);
        var totalBytes = files.Sum(f => new FileInfo(f).Length);
        long done = 0;
        progress?.Report(new CorpusProgress(0, totalBytes));

        IStatisticsAccumulator NewAccumulator() => tokenizer is ByteTokenizer
            ? new ByteStatisticsAccumulator(options.ComputeVonNeumann)
            : new TokenStatisticsAccumulator(tokenizer, options.ComputeVonNeumann);

        var partials = new List<IStatisticsAccumulator>();
        Parallel.ForEach(
            files,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism), CancellationToken = cancellationToken },
            NewAccumulator,
            (file, _, accumulator) =>
            {
                CorpusFileReader.Read(file, accumulator, read =>
                {
                    var now = Interlocked.Add(ref done, read);
                    progress?.Report(new CorpusProgress(now, totalBytes));
                }, cancellationToken);
                return accumulator;
            },
            accumulator => { lock (partials) partials.Add(accumulator); });

        var total = NewAccumulator();
        foreach (var partial in partials) total.Merge(partial);
        var figures = total.Compute();
        return new DomainCorpusStats(
            TokenizerId: tokenizer.Id,
            Fingerprint: fingerprint,
            Files: files.Count,
            FileBytes: totalBytes,
            Documents: figures.Documents,
            Bytes: figures.Bytes,
            Tokens: figures.Tokens,
            Pairs: figures.Pairs,
            ShannonEntropy: figures.ShannonEntropy,
            JointEntropy: figures.JointEntropy,
            ConditionalEntropy: figures.ConditionalEntropy,
            VonNeumannEntropy: figures.VonNeumannEntropy,
            EmbeddingDimensions: DocumentEmbedding.Dimensions);
    }
}
