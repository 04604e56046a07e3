using System.Text;
using System.Text.Json;
using ScalingApi.Corpora.Preparation;
using ScalingApi.Corpora.Reading;

namespace ScalingApi.Corpora.Tests;

public sealed class CorpusPreparerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static readonly PreparationStages QualityOnly = new() { Quality = new QualityStage() };

    private static CorpusPreparer Preparer(PreparationStages stages) => new(stages, new DuplicateIndex(null, null));

    private string Output(string name = "out") => Path.Combine(_temp.Path, name);

    private string WriteJsonl(string name, IEnumerable<string> documents) =>
        _temp.Write(name, string.Join("\n", documents.Select(d => JsonSerializer.Serialize(new { text = d }))) + "\n");

    private string WriteText(string name, IEnumerable<string> documents) => _temp.Write(name, string.Join("\n\n", documents) + "\n");

    private static int Utf8(string text) => Encoding.UTF8.GetByteCount(text);

    private static List<string> ReadShards(IEnumerable<string> shards) => [.. shards.SelectMany(s => CorpusFileReader.ReadAllDocuments(s))];

    [Fact]
    public void Kept_documents_are_written_in_order_and_every_removal_is_counted_once()
    {
        var good = Enumerable.Range(0, 5).Select(i => PreparationTexts.Prose(i)).ToList();
        var tooShort = "Far too short to be a document.";
        var repeatedLine = string.Join("\n", Enumerable.Repeat("The same sentence about the river and the bridge, again and again.", 10));
        var noSentences = string.Join("\n", Enumerable.Range(0, 12).Select(i => $"menu item {i} with the link to page and more"));
        var text = WriteText("a.txt", [good[0], tooShort, good[1], repeatedLine, good[2]]);
        var jsonl = WriteJsonl("b.jsonl", [good[3], noSentences, good[4]]);

        var result = Preparer(QualityOnly).Prepare([text, jsonl], Output());

        Assert.Equal(good, ReadShards(result.Shards));
        Assert.Equal(["part-00000.jsonl.gz"], result.Shards.Select(Path.GetFileName));
        Assert.Equal(8, result.DocumentsIn);
        Assert.Equal(5, result.DocumentsOut);
        Assert.Equal(good.Sum(Utf8), result.BytesOut);
        var all = good.Concat([tooShort, repeatedLine, noSentences]).ToList();
        Assert.Equal(all.Sum(Utf8), result.BytesIn);

        var quality = Assert.Single(result.Stages);
        Assert.Equal(StageNames.Quality, quality.Stage);
        Assert.Equal((8L, 3L), (quality.DocumentsIn, quality.DocumentsRemoved));
        Assert.Equal(result.BytesIn - result.BytesOut, quality.BytesRemoved);
        Assert.Equal(quality.DocumentsRemoved, quality.Filters.Sum(f => f.DocumentsRemoved));
        var removedBy = quality.Filters.Where(f => f.DocumentsRemoved > 0).ToDictionary(f => f.Filter, f => f.Samples.Single());
        Assert.Equal(tooShort, removedBy["min-words"]);
        Assert.Equal(repeatedLine[..200], removedBy["duplicate-lines"]);
        Assert.Equal(noSentences[..200], removedBy["terminal-punctuation"]);
    }

    [Fact]
    public void Counts_add_up_across_stages_and_filters_list_every_enabled_filter()
    {
        var documents = Enumerable.Range(0, 30).Select(i => i % 3 == 0 ? $"Short document number {i}." : PreparationTexts.Prose(i)).ToList();
        var stages = new PreparationStages { Language = new LanguageStage { Languages = ["en"] }, Quality = new QualityStage() };

        var result = Preparer(stages).Prepare([WriteJsonl("d.jsonl", documents)], Output());

        Assert.Equal([StageNames.Language, StageNames.Quality], result.Stages.Select(s => s.Stage));
        Assert.Equal(["other-language", "low-confidence"], result.Stages[0].Filters.Select(f => f.Filter));
        Assert.Equal(["min-words", "max-words", "mean-word-length", "symbol-ratio", "alphabetic-words", "terminal-punctuation",
            "bullet-lines", "ellipsis-lines", "duplicate-lines", "top-ngrams", "duplicate-ngrams", "stop-words"],
            result.Stages[1].Filters.Select(f => f.Filter));
        Assert.Equal(result.DocumentsIn, result.Stages[0].DocumentsIn);
        for (var s = 0; s + 1 < result.Stages.Count; s++)
        {
            Assert.Equal(result.Stages[s].DocumentsIn - result.Stages[s].DocumentsRemoved, result.Stages[s + 1].DocumentsIn);
            Assert.Equal(result.Stages[s].BytesIn - result.Stages[s].BytesRemoved, result.Stages[s + 1].BytesIn);
        }
        Assert.Equal(result.DocumentsIn, result.DocumentsOut + result.Stages.Sum(s => s.DocumentsRemoved));
        Assert.Equal(result.BytesIn, result.BytesOut + result.Stages.Sum(s => s.BytesRemoved));
        Assert.Equal(20, result.DocumentsOut);
        Assert.Equal(10, result.Stages[1].Filters.Single(f => f.Filter == "min-words").DocumentsRemoved);
    }

    [Fact]
    public void Shards_are_capped_complete_and_readable_in_order()
    {
        var documents = Enumerable.Range(0, 40).Select(i => PreparationTexts.Prose(i)).ToList();
        var input = WriteJsonl("many.jsonl", documents);
        var preparer = new CorpusPreparer(QualityOnly, new DuplicateIndex(null, null)) { ShardBytes = 4000, BatchDocuments = 7 };

        var result = preparer.Prepare([input], Output());

        Assert.True(result.Shards.Count >= 5, $"{result.Shards.Count} shards");
        Assert.Equal(result.Shards.Select((_, i) => $"part-{i:D5}.jsonl.gz"), result.Shards.Select(Path.GetFileName));
        Assert.Equal(result.Shards.Order(), Directory.GetFiles(Output()).Order());
        Assert.Equal(documents, ReadShards(result.Shards));
    }

    [Fact]
    public void The_same_input_gives_the_same_shards_whatever_the_batching_and_parallelism()
    {
        var documents = Enumerable.Range(0, 60).Select(i => i % 4 == 0 ? "tiny" : PreparationTexts.Prose(i)).ToList();
        var input = WriteJsonl("d.jsonl", documents);
        var stages = QualityOnly with { Language = new LanguageStage() };
        var sequential = new CorpusPreparer(stages, new DuplicateIndex(null, null)) { Parallelism = 1, BatchDocuments = 1000, ShardBytes = 5000 };
        var parallel = new CorpusPreparer(stages, new DuplicateIndex(null, null)) { Parallelism = 4, BatchDocuments = 3, ShardBytes = 5000 };

        var first = sequential.Prepare([input], Output("first"));
        var second = parallel.Prepare([input], Output("second"));

        Assert.Equal(first.Shards.Count, second.Shards.Count);
        foreach (var (a, b) in first.Shards.Zip(second.Shards)) Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.Equal(JsonSerializer.Serialize(first.Stages), JsonSerializer.Serialize(second.Stages));
    }

    [Fact]
    public void Progress_is_reported_per_file_and_ends_at_the_result()
    {
        var files = Enumerable.Range(0, 3).Select(f => WriteJsonl($"f{f}.jsonl", Enumerable.Range(0, 10).Select(i => PreparationTexts.Prose(f * 10 + i)))).ToList();
        List<PreparationProgress> reports = [];
        var preparer = new CorpusPreparer(QualityOnly, new DuplicateIndex(null, null)) { BatchDocuments = 4 };

        var result = preparer.Prepare(files, Output(), new SynchronousProgress<PreparationProgress>(reports.Add));

        Assert.True(reports.Count >= files.Count);
        Assert.Equal(new PreparationProgress(result.DocumentsIn, result.BytesIn, result.DocumentsOut, result.BytesOut,
            files.Sum(f => new FileInfo(f).Length)), reports[^1]);
        Assert.All(reports.Zip(reports.Skip(1)), pair => Assert.True(pair.First.DocumentsRead <= pair.Second.DocumentsRead));
    }

    [Fact]
    public void Cancellation_stops_between_batches_and_leaves_no_unfinished_shard()
    {
        var input = WriteJsonl("d.jsonl", Enumerable.Range(0, 200).Select(i => PreparationTexts.Prose(i)));
        using var cancellation = new CancellationTokenSource();
        var preparer = new CorpusPreparer(QualityOnly, new DuplicateIndex(null, null)) { BatchDocuments = 10, ShardBytes = 3000, Parallelism = 1 };
        var progress = new SynchronousProgress<PreparationProgress>(p => { if (p.DocumentsRead >= 30) cancellation.Cancel(); });

        Assert.ThrowsAny<OperationCanceledException>(() => preparer.Prepare([input], Output(), progress, cancellation.Token));

        var left = Directory.GetFiles(Output());
        Assert.DoesNotContain(left, f => f.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.NotEmpty(left);
        var kept = ReadShards(left.Order());
        Assert.InRange(kept.Count, 1, 60);
        Assert.Equal(Enumerable.Range(0, kept.Count).Select(i => PreparationTexts.Prose(i)), kept);
    }

    [Fact]
    public void A_non_empty_output_folder_is_refused()
    {
        _temp.Write("out/leftover.txt", "x");
        var input = WriteJsonl("d.jsonl", [PreparationTexts.Prose(1)]);
        Assert.Throws<IOException>(() => Preparer(QualityOnly).Prepare([input], Output()));
    }

    [Fact]
    public void Without_stages_every_document_is_kept_and_nothing_removed()
    {
        var input = WriteText("d.txt", ["a", "b b", "ünïcödé"]);
        var result = Preparer(new PreparationStages()).Prepare([input], Output());
        Assert.Equal(["a", "b b", "ünïcödé"], ReadShards(result.Shards));
        Assert.Empty(result.Stages);
        Assert.Equal((3L, 3L, result.BytesIn), (result.DocumentsIn, result.DocumentsOut, result.BytesOut));
    }

    [Fact]
    public void The_language_stage_keeps_the_configured_languages_and_charges_the_others()
    {
        var input = WriteJsonl("d.jsonl", [PreparationTexts.English, PreparationTexts.German, PreparationTexts.Romanian, PreparationTexts.French]);
        var stages = new PreparationStages { Language = new LanguageStage { Languages = ["en", "ro"] } };

        var result = Preparer(stages).Prepare([input], Output());

        Assert.Equal([PreparationTexts.English, PreparationTexts.Romanian], ReadShards(result.Shards));
        var other = result.Stages.Single().Filters.Single(f => f.Filter == "other-language");
        Assert.Equal([PreparationTexts.German, PreparationTexts.French], other.Samples);
    }

    public void Dispose() => _temp.Dispose();
}
