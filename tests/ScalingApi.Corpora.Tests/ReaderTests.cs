using System.IO.Compression;
using System.Text;
using ScalingApi.Corpora.Reading;

namespace ScalingApi.Corpora.Tests;

public sealed class ReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string WriteGzip(string name, string content)
    {
        var path = Path.Combine(_temp.Path, name);
        using (var file = File.Create(path))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
            gz.Write(Encoding.UTF8.GetBytes(content));
        return path;
    }

    [Fact]
    public void Text_documents_are_separated_by_blank_lines()
    {
        var path = _temp.Write("a.txt", "\n\nfirst line\nsecond line\n\n\n  \n\nlast\n");
        Assert.Equal(["first line\nsecond line", "  ", "last"], CorpusFileReader.ReadAllDocuments(path));
    }

    [Fact]
    public void Gzipped_text_reads_like_plain_text()
    {
        var content = string.Join("\n\n", Enumerable.Range(0, 5000).Select(i => $"document {i} ünïcödé"));
        var plain = _temp.Write("p.txt", content);
        var gz = WriteGzip("p.txt.gz", content);
        var fromGz = CorpusFileReader.ReadAllDocuments(gz);
        Assert.Equal(5000, fromGz.Count);
        Assert.Equal(CorpusFileReader.ReadAllDocuments(plain), fromGz);
    }

    [Fact]
    public void Jsonl_yields_unescaped_text_fields_and_skips_blank_lines()
    {
        var path = _temp.Write("d.jsonl", "{\"id\":1,\"text\":\"caf\\u00e9\\nbar\",\"meta\":{\"x\":[1,2]}}\n\n{\"text\":\"second\"}\r\n");
        Assert.Equal(["café\nbar", "second"], CorpusFileReader.ReadAllDocuments(path));
    }

    [Fact]
    public void Gzipped_jsonl_is_read()
    {
        var path = WriteGzip("d.jsonl.gz", "{\"text\":\"one\"}\n{\"text\":\"two\"}");
        Assert.Equal(["one", "two"], CorpusFileReader.ReadAllDocuments(path));
    }

    [Theory]
    [InlineData("{\"text\":\"ok\"}\n{\"text\":\"ok\"}\n{\"text\": broken}\n", 3, "invalid JSON")]
    [InlineData("{\"text\":\"ok\"}\n\n{\"body\":\"no text\"}\n", 3, "missing string field \"text\"")]
    [InlineData("[1,2]\n", 1, "expected a JSON object")]
    [InlineData("{\"text\":42}\n", 1, "must be a string")]
    [InlineData("{\"text\":\"a\"} trailing\n", 1, "invalid JSON")]
    public void Malformed_jsonl_line_is_reported_with_file_and_line(string content, int line, string problem)
    {
        var path = _temp.Write("bad.jsonl", content);
        var e = Assert.Throws<MalformedCorpusException>(() => CorpusFileReader.ReadAllDocuments(path));
        Assert.Equal(path, e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith($"{path}, line {line}:", e.Message);
    }

    [Fact]
    public void Malformed_line_in_gzipped_jsonl_past_the_first_buffer_has_the_right_line()
    {
        var good = string.Concat(Enumerable.Repeat("{\"text\":\"" + new string('x', 500) + "\"}\n", 4000));
        var path = WriteGzip("big.jsonl.gz", good + "{oops\n");
        var e = Assert.Throws<MalformedCorpusException>(() => CorpusFileReader.ReadAllDocuments(path));
        Assert.Equal(4001, e.Line);
    }

    public void Dispose() => _temp.Dispose();
}
