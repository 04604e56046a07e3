using System.Buffers;
using System.Text;
using ScalingApi.Contracts.Workers;
using ScalingApi.Corpora.Reading;
using ScalingApi.Corpora.Tokenization;
using ScalingApi.Training.Data;

namespace ScalingApi.Worker.Corpus;

/// <summary>
/// Reads each lease domain's files (txt, jsonl, gz) with the Corpora readers, tokenizes every document with
/// the lease's tokenizer and splits the stream with <see cref="HoldOutSplit"/>. Documents are joined by the
/// tokens of a blank line, so a training window that spans two documents sees a boundary.
/// </summary>
public static class CorpusLoader
{
    public static IReadOnlyList<DomainTokens> Load(
        IReadOnlyList<LeaseDomain> domains, ICorpusTokenizer tokenizer, int minimumValidationTokens, CancellationToken cancellationToken = default)
    {
        if (domains.Count == 0) throw new InvalidDataException("the lease lists no domains");
        return domains.Select(d => LoadDomain(d, tokenizer, minimumValidationTokens, cancellationToken)).ToArray();
    }

    public static DomainTokens LoadDomain(LeaseDomain domain, ICorpusTokenizer tokenizer, int minimumValidationTokens, CancellationToken cancellationToken = default)
    {
        if (domain.Files.Count == 0) throw new InvalidDataException($"domain '{domain.Name}' lists no files");
        var sink = new TokenizingSink(tokenizer);
        foreach (var file in domain.Files)
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"domain '{domain.Name}': corpus file '{file}' does not exist or is not readable", file);
            CorpusFileReader.Read(file, sink, null, cancellationToken);
        }
        if (sink.DocumentStarts.Count == 0) throw new InvalidDataException($"domain '{domain.Name}' has no documents");
        return HoldOutSplit.Split(domain.Name, sink.Tokens.ToArray(), sink.DocumentStarts, minimumValidationTokens);
    }

    private sealed class TokenizingSink(ICorpusTokenizer tokenizer) : IDocumentSink
    {
        private readonly ArrayBufferWriter<byte> _document = new();
        private readonly IReadOnlyList<int> _separator = tokenizer.Encode("\n\n");

        public List<int> Tokens { get; } = [];
        public List<int> DocumentStarts { get; } = [];

        public void Append(ReadOnlySpan<byte> utf8) => _document.Write(utf8);

        public void EndDocument()
        {
            if (_document.WrittenCount == 0) return;
            DocumentStarts.Add(Tokens.Count);
            if (tokenizer is ByteTokenizer)
                foreach (var b in _document.WrittenSpan) Tokens.Add(b); // byte tokens are the bytes; skip decoding
            else
                Tokens.AddRange(tokenizer.Encode(Encoding.UTF8.GetString(_document.WrittenSpan)));
            Tokens.AddRange(_separator);
            _document.ResetWrittenCount();
        }
    }
}
