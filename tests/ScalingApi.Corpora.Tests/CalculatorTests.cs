using ScalingApi.Corpora.Statistics;
using ScalingApi.Corpora.Tokenization;

namespace ScalingApi.Corpora.Tests;

public sealed class CalculatorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private sealed class RecordingProgress : IProgress<CorpusProgress>
    {
        public List<CorpusProgress> Reports { get; } = [];
        public void Report(CorpusProgress value) { lock (Reports) Reports.Add(value); }
    }

    [Fact]
    public void Mixed_format_files_are_counted_together_with_progress_to_completion()
    {
        var files = new[]
        {
            _temp.Write("a.txt", "abab\n\naab\n"),
            _temp.Write("b.jsonl", "{\"text\":\"ab\"}\n{\"text\":\"ba\"}\n"),
        };
        var progress = new RecordingProgress();
        var stats = CorpusStatisticsCalculator.Compute(files, ByteTokenizer.Instance, progress: progress);

        Assert.Equal(("bytes", 2, 4L, 11L, 11L, 7L), (stats.TokenizerId, stats.Files, stats.Documents, stats.Bytes, stats.Tokens, stats.Pairs));
        var total = new FileInfo(files[0]).Length + new FileInfo(files[1]).Length;
        Assert.Equal(total, stats.FileBytes);
        Assert.Equal(new CorpusProgress(total, total), progress.Reports.MaxBy(r => r.BytesDone));
        // unigrams: a 6, b 5 (abab, aab, ab, ba)
        Assert.Equal(Math.Log(11) - (6 * Math.Log(6) + 5 * Math.Log(5)) / 11, stats.ShannonEntropy, 1e-12);
        // pairs: ab ×4 (abab: 2, aab: 1, ab: 1), ba ×2, aa ×1 → first-of-pair a 5, b 2
        var joint = Math.Log(7) - (4 * Math.Log(4) + 2 * Math.Log(2)) / 7;
        Assert.Equal(joint, stats.JointEntropy, 1e-12);
        Assert.Equal(joint - (Math.Log(7) - (5 * Math.Log(5) + 2 * Math.Log(2)) / 7), stats.ConditionalEntropy, 1e-12);
    }

    [Fact]
    public void Fingerprint_changes_when_a_file_changes_on_disk()
    {
        var path = _temp.Write("c.txt", "hello world");
        var files = new[] { path };
        var before = CorpusFingerprint.Compute(files);
        Assert.Equal(before, CorpusFingerprint.Compute(files));

        File.WriteAllText(path, "HELLO WORLD"); // same size
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(5));
        var touched = CorpusFingerprint.Compute(files);
        Assert.NotEqual(before, touched);

        File.AppendAllText(path, "!");
        Assert.NotEqual(touched, CorpusFingerprint.Compute(files));

        var stats = CorpusStatisticsCalculator.Compute(files, ByteTokenizer.Instance);
        Assert.Equal(CorpusFingerprint.Compute(files), stats.Fingerprint);
    }

    [Fact]
    public void Cancellation_stops_the_run()
    {
        var path = _temp.Write("d.txt", "abc");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            CorpusStatisticsCalculator.Compute([path], ByteTokenizer.Instance, cancellationToken: cts.Token));
    }

    [Fact]
    public void Gpt2_tokenizer_encodes_a_known_string_offline()
    {
        // reference ids from the GPT-2 vocabulary: "Hello" = 15496, " world" = 995
        Assert.Equal([15496, 995], Gpt2Tokenizer.Instance.Encode("Hello world"));
        Assert.Equal("gpt2", TokenizerCatalog.Get("gpt2").Id);
    }

    [Fact]
    public void Gpt2_statistics_count_bpe_tokens_per_document()
    {
        var path = _temp.Write("g.txt", "Hello world\n\nHello world\n\nHello");
        var stats = CorpusStatisticsCalculator.Compute([path], TokenizerCatalog.Get("gpt2"));
        Assert.Equal(("gpt2", 3L, 5L, 2L, 27L), (stats.TokenizerId, stats.Documents, stats.Tokens, stats.Pairs, stats.Bytes));
        // unigrams Hello ×3, world ×2; the only pair is (Hello, world) twice → JE = CE = 0
        Assert.Equal(Math.Log(5) - (3 * Math.Log(3) + 2 * Math.Log(2)) / 5, stats.ShannonEntropy, 1e-12);
        Assert.Equal(0, stats.JointEntropy, 1e-12);
        Assert.Equal(0, stats.ConditionalEntropy, 1e-12);
    }

    [Fact]
    public void Unknown_tokenizer_is_rejected_with_the_known_ids()
    {
        var e = Assert.Throws<ArgumentException>(() => TokenizerCatalog.Get("sentencepiece"));
        Assert.Contains("bytes, gpt2", e.Message);
    }

    public void Dispose() => _temp.Dispose();
}
