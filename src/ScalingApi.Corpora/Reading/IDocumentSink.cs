namespace ScalingApi.Corpora.Reading;

/// <summary>
/// Receives documents as UTF-8 fragments, pushed by the readers. A document may arrive in several
/// <see cref="Append"/> calls (it can straddle read buffers); <see cref="EndDocument"/> closes it.
/// Spans are only valid during the call. Push rather than pull keeps the byte-level path free of copies.
/// </summary>
public interface IDocumentSink
{
    void Append(ReadOnlySpan<byte> utf8);
    void EndDocument();
}
