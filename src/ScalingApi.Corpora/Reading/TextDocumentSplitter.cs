namespace ScalingApi.Corpora.Reading;

/// <summary>
/// Splits a plain-text stream into documents. The format rule, for every .txt corpus file:
/// <list type="bullet">
/// <item>documents are separated by one or more blank lines (a blank line is an empty line);</item>
/// <item>inside a document, line breaks are kept as a single '\n' byte; the document's trailing line break is not part of it;</item>
/// <item>'\r' bytes are dropped, so CRLF and LF files give identical documents;</item>
/// <item>a line of spaces is not blank (it is content); empty documents never occur.</item>
/// </list>
/// A file without blank lines is therefore a single document.
/// </summary>
public sealed class TextDocumentSplitter(IDocumentSink sink)
{
    private static ReadOnlySpan<byte> Newline => "\n"u8;
    private int _pendingNewlines;
    private bool _inDocument;

    public void Feed(ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty)
        {
            var stop = chunk.IndexOfAny((byte)'\n', (byte)'\r');
            var run = stop < 0 ? chunk : chunk[..stop];
            if (!run.IsEmpty)
            {
                if (_inDocument)
                {
                    if (_pendingNewlines == 1) sink.Append(Newline);
                    else if (_pendingNewlines >= 2) { sink.EndDocument(); }
                }
                _pendingNewlines = 0;
                _inDocument = true;
                sink.Append(run);
            }
            if (stop < 0) return;
            if (chunk[stop] == (byte)'\n') _pendingNewlines++;
            chunk = chunk[(stop + 1)..];
        }
    }

    public void Finish()
    {
        if (_inDocument) sink.EndDocument();
        _inDocument = false;
        _pendingNewlines = 0;
    }
}
