using System.Buffers;
using System.Text;

namespace ScalingApi.Corpora.Reading;

/// <summary>Collects each document's UTF-8 fragments and hands the whole document on as a string, with its size in
/// UTF-8 bytes, for consumers that need text rather than bytes (invalid UTF-8 becomes U+FFFD).</summary>
public sealed class DecodingDocumentSink(Action<string, int> onDocument) : IDocumentSink
{
    private readonly ArrayBufferWriter<byte> _current = new();

    public void Append(ReadOnlySpan<byte> utf8) => _current.Write(utf8);

    public void EndDocument()
    {
        onDocument(Encoding.UTF8.GetString(_current.WrittenSpan), _current.WrittenCount);
        _current.ResetWrittenCount();
    }
}
