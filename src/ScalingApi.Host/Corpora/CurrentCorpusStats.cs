using ScalingApi.Corpora.Statistics;
using ScalingApi.Host.Errors;
using ScalingApi.Storage;

namespace ScalingApi.Host.Corpora;

/// <summary>A domain's corpus as it is now, and its cached statistics for a tokenizer if they exist.</summary>
public sealed record CurrentDomainStats(DomainCorpus Corpus, string Fingerprint, long FileBytes, CorpusStatsRow? Cached);

/// <summary>
/// Looks up the statistics that are valid for the corpora as they are on disk now: re-resolves each reference,
/// fingerprints its files (metadata only) and reads the cache. A changed corpus therefore has no statistics.
/// </summary>
public sealed class CurrentCorpusStats(CorpusLocator locator, CorpusStatsStore store)
{
    /// <summary>Every domain with a corpus, in domain order.</summary>
    public IReadOnlyList<CurrentDomainStats> For(long experimentId, string tokenizer) =>
        locator.ResolveAll(experimentId).Select(corpus => For(corpus, tokenizer)).ToList();

    /// <exception cref="DomainException"><see cref="UnanswerableException"/> naming the domain's corpus when a file vanished or cannot be read meanwhile.</exception>
    public CurrentDomainStats For(DomainCorpus corpus, string tokenizer)
    {
        try
        {
            var fingerprint = CorpusFingerprint.Compute(corpus.Files);
            var bytes = corpus.Files.Sum(f => new FileInfo(f).Length);
            return new CurrentDomainStats(corpus, fingerprint, bytes, store.FindCached(fingerprint, tokenizer));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UnanswerableException($"domains[{corpus.Position}].corpus", $"cannot be read: {e.Message}");
        }
    }
}
