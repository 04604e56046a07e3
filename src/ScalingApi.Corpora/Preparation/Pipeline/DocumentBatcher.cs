namespace ScalingApi.Corpora.Preparation.Pipeline;

/// <summary>Groups documents, in reading order, into batches of at most <paramref name="maxDocuments"/> documents
/// or about <paramref name="maxBytes"/> bytes: the unit of parallel work, of memory in flight and of progress.</summary>
internal sealed class DocumentBatcher(int maxDocuments, long maxBytes, Action<List<SourceDocument>> onBatch)
{
    private List<SourceDocument> _batch = [];
    private long _bytes;

    public void Add(string text, int bytes)
    {
        _batch.Add(new SourceDocument(text, bytes));
        _bytes += bytes;
        if (_batch.Count >= maxDocuments || _bytes >= maxBytes) Flush();
    }

    /// <summary>Hands on the partial batch (at the end of each file, so progress is reported per file).</summary>
    public void Flush()
    {
        if (_batch.Count == 0) return;
        var full = _batch;
        _batch = [];
        _bytes = 0;
        onBatch(full);
    }
}
