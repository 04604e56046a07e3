using System.Text.Json;
using ScalingApi.Corpora.Preparation;
using ScalingApi.Corpora.Reading;

namespace ScalingApi.Corpora.Tests;

/// <summary>Deduplication through the pipeline: the first copy in reading order wins, whatever the batching; the
/// counts charge copies to the dedup stages; a remembered domain removes its copies from a later one.</summary>
public sealed class PreparationDedupTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static readonly PreparationStages AllStages = new()
    {
        Language = new LanguageStage { Languages = ["en"] },
        Quality = new QualityStage(),
        ExactDedup = new ExactDedupStage(),
        NearDedup = new NearDedupStage(),
    };

    private static readonly PreparationStages DedupOnly = new() { ExactDedup = new ExactDedupStage(), NearDedup = new NearDedupStage() };

    private static DuplicateIndex IndexFor(PreparationStages stages) => new(stages.ExactDedup, stages.NearDedup);

    private string Output(string name) => Path.Combine(_temp.Path, name);

    private string WriteJsonl(string name, IEnumerable<string> documents) =>
        _temp.Write(name, string.Join("\n", documents.Select(d => JsonSerializer.Serialize(new { text = d }))) + "\n");

    private static List<string> ReadShards(IEnumerable<string> shards) => [.. shards.SelectMany(s => CorpusFileReader.ReadAllDocuments(s))];

    /// <summary>The document with one word in the middle replaced: word 5-gram Jaccard ≈ (n−9)/(n+1), ≈ 0.95 for 200 words.</summary>
    private static string OneWordChanged(string text)
    {
        var words = text.Split(' ');
        words[words.Length / 2] = "zebra";
        return string.Join(' ', words);
    }

    [Fact]
    public void Exact_and_near_copies_are_removed_and_the_first_copy_is_kept()
    {
        var originals = Enumerable.Range(0, 6).Select(i => PreparationTexts.Prose(i, 200)).ToList();
        var exactCopy = "  " + originals[1].ToUpperInvariant().Replace(" ", "   ") + " ";
        var nearCopy = OneWordChanged(originals[2]);
        var first = WriteJsonl("a.jsonl", [originals[0], originals[1], originals[2]]);
        var second = WriteJsonl("b.jsonl", [exactCopy, originals[3], nearCopy, originals[4], originals[0], originals[5]]);

        var result = new CorpusPreparer(AllStages, IndexFor(AllStages)) { BatchDocuments = 1, Parallelism = 4 }
            .Prepare([first, second], Output("out"));

        Assert.Equal(originals, ReadShards(result.Shards));
        var exact = result.Stages.Single(s => s.Stage == StageNames.ExactDedup);
        var near = result.Stages.Single(s => s.Stage == StageNames.NearDedup);
        Assert.Equal(2, exact.DocumentsRemoved);
        Assert.Equal([exactCopy[..200], originals[0][..200]], exact.Filters.Single().Samples);
        Assert.Equal(1, near.DocumentsRemoved);
        Assert.Equal(nearCopy[..200], near.Filters.Single().Samples.Single());
        Assert.Equal(result.DocumentsIn, result.DocumentsOut + result.Stages.Sum(s => s.DocumentsRemoved));
        Assert.Equal(result.BytesIn, result.BytesOut + result.Stages.Sum(s => s.BytesRemoved));
        Assert.Equal([StageNames.Language, StageNames.Quality, StageNames.ExactDedup, StageNames.NearDedup], result.Stages.Select(s => s.Stage));
    }

    [Fact]
    public void A_document_removed_by_quality_does_not_enter_the_index()
    {
        var stages = DedupOnly with { Quality = new QualityStage { MaxWords = 150 } };
        var longDocument = PreparationTexts.Prose(7, 200);
        var input = WriteJsonl("a.jsonl", [longDocument, string.Join(' ', longDocument.Split(' ').Take(120))]);

        var result = new CorpusPreparer(stages, IndexFor(stages)).Prepare([input], Output("out"));

        // the long document is too long; its 120-word prefix is kept (a near copy only of a document that was never kept)
        Assert.Single(ReadShards(result.Shards));
        Assert.Equal(1, result.Stages.Single(s => s.Stage == StageNames.Quality).DocumentsRemoved);
        Assert.Equal(0, result.Stages.Single(s => s.Stage == StageNames.NearDedup).DocumentsRemoved);
    }

    [Fact]
    public void A_remembered_domain_removes_its_copies_from_the_next_one_like_a_shared_index()
    {
        var web = Enumerable.Range(0, 20).Select(i => PreparationTexts.Prose(100 + i, 120)).ToList();
        var books = Enumerable.Range(0, 20).Select(i => i % 4 == 0 ? web[i] : PreparationTexts.Prose(200 + i, 120)).ToList();
        var webFile = WriteJsonl("web.jsonl", web);
        var booksFile = WriteJsonl("books.jsonl", books);

        var shared = IndexFor(DedupOnly);
        var webResult = new CorpusPreparer(DedupOnly, shared).Prepare([webFile], Output("web"));
        var uninterrupted = new CorpusPreparer(DedupOnly, shared).Prepare([booksFile], Output("books-1"));

        var resumed = new CorpusPreparer(DedupOnly, IndexFor(DedupOnly));
        resumed.Remember(webResult.Shards);
        var afterResume = resumed.Prepare([booksFile], Output("books-2"));

        Assert.Equal(15, uninterrupted.DocumentsOut);
        Assert.Equal(ReadShards(uninterrupted.Shards), ReadShards(afterResume.Shards));
        Assert.Equal(JsonSerializer.Serialize(uninterrupted.Stages), JsonSerializer.Serialize(afterResume.Stages));
        Assert.Equal(20 + 15, resumed.Duplicates.Documents);
    }

    [Fact]
    public void The_index_must_match_the_dedup_stages()
    {
        Assert.Throws<ArgumentException>(() => new CorpusPreparer(DedupOnly, new DuplicateIndex(new ExactDedupStage(), null)));
        Assert.Throws<ArgumentException>(() => new CorpusPreparer(new PreparationStages(), IndexFor(DedupOnly)));
    }

    public void Dispose() => _temp.Dispose();
}
