using System.Buffers;
using System.Text.Json;

namespace ScalingApi.Corpora.Reading;

/// <summary>
/// Streams JSON Lines: every non-blank line must be a JSON object with a string field <c>text</c>,
/// which is one document (other fields are ignored). The text is passed on as unescaped UTF-8 without
/// building a string. Anything else raises <see cref="MalformedCorpusException"/> with file and line.
/// </summary>
public sealed class JsonLinesParser(IDocumentSink sink, string fileName) : IDisposable
{
    private byte[] _partial = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _partialLength;
    private byte[] _text = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private long _line;

    public void Feed(ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty)
        {
            var end = chunk.IndexOf((byte)'\n');
            if (end < 0) { Keep(chunk); return; }
            if (_partialLength > 0)
            {
                Keep(chunk[..end]);
                ParseLine(_partial.AsSpan(0, _partialLength));
                _partialLength = 0;
            }
            else ParseLine(chunk[..end]);
            chunk = chunk[(end + 1)..];
        }
    }

    public void Finish()
    {
        if (_partialLength > 0) ParseLine(_partial.AsSpan(0, _partialLength));
        _partialLength = 0;
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        Grow(ref _partial, _partialLength + bytes.Length);
        bytes.CopyTo(_partial.AsSpan(_partialLength));
        _partialLength += bytes.Length;
    }

    private void ParseLine(ReadOnlySpan<byte> line)
    {
        _line++;
        if (line.Trim(" \t\r"u8).IsEmpty) return;
        try
        {
            var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw Malformed("expected a JSON object with a string field \"text\"");
            var textLength = -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isText = reader.ValueTextEquals("text"u8);
                reader.Read();
                if (!isText) { reader.Skip(); continue; }
                if (reader.TokenType != JsonTokenType.String)
                    throw Malformed($"field \"text\" must be a string, found {reader.TokenType}");
                Grow(ref _text, reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length);
                textLength = reader.CopyString(_text);
            }
            if (reader.Read()) throw Malformed("unexpected content after the JSON object");
            if (textLength < 0) throw Malformed("missing string field \"text\"");
            if (textLength == 0) return; // an empty document carries no tokens
            sink.Append(_text.AsSpan(0, textLength));
            sink.EndDocument();
        }
        catch (JsonException e)
        {
            throw new MalformedCorpusException(fileName, _line, $"invalid JSON ({e.Message})", e);
        }
    }

    private MalformedCorpusException Malformed(string problem) => new(fileName, _line, problem);

    private static void Grow(ref byte[] buffer, int needed)
    {
        if (buffer.Length >= needed) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, buffer.Length * 2));
        buffer.CopyTo(bigger, 0);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = bigger;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_partial);
        ArrayPool<byte>.Shared.Return(_text);
        _partial = _text = [];
    }
}
