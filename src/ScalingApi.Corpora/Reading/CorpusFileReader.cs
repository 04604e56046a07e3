using System.Buffers;
using System.IO.Compression;

namespace ScalingApi.Corpora.Reading;

/// <summary>
/// Streams one corpus file (.txt, .jsonl, or .gz of either) into an <see cref="IDocumentSink"/>
/// with a fixed-size buffer, so memory does not depend on the file's size.
/// </summary>
public static class CorpusFileReader
{
    public const int BufferSize = 1 << 20;

    /// <param name="onBytesRead">Called after each buffer with the number of on-disk (compressed) bytes consumed.</param>
    public static void Read(string path, IDocumentSink sink, Action<long>? onBytesRead = null, CancellationToken cancellationToken = default)
    {
        if (!CorpusFileFormat.TryGet(path, out var kind, out var gzipped))
            throw new NotSupportedException($"'{path}' is not a corpus file ({CorpusFileFormat.SupportedExtensionsText}).");

        using var file = new ByteCountingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan));
        using var decoded = gzipped ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : (Stream)file;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var text = kind == CorpusFileKind.Text ? new TextDocumentSplitter(sink) : null;
        using var json = kind == CorpusFileKind.JsonLines ? new JsonLinesParser(sink, path) : null;
        try
        {
            long reported = 0;
            int read;
            while ((read = decoded.Read(buffer, 0, BufferSize)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = buffer.AsSpan(0, read);
                if (text is not null) text.Feed(chunk); else json!.Feed(chunk);
                if (onBytesRead is not null)
                {
                    var position = file.BytesRead;
                    onBytesRead(position - reported);
                    reported = position;
                }
            }
            text?.Finish();
            json?.Finish();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>All documents of a file as strings. Materialises the whole file: for tests and small files only;
    /// statistics use <see cref="Read"/>.</summary>
    public static IReadOnlyList<string> ReadAllDocuments(string path, CancellationToken cancellationToken = default)
    {
        List<string> documents = [];
        Read(path, new DecodingDocumentSink((text, _) => documents.Add(text)), null, cancellationToken);
        return documents;
    }
}
