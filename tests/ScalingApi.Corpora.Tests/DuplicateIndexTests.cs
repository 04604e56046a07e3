using ScalingApi.Corpora.Preparation;
using ScalingApi.Corpora.Synthetic;

namespace ScalingApi.Corpora.Tests;

public sealed class DuplicateIndexTests
{
    private static readonly NearDedupStage Defaults = new();

    private static string? Add(DuplicateIndex index, string text) => index.TryAdd(index.Fingerprint(text), index.Signature(text));

    [Fact]
    public void Exact_duplicates_differ_only_in_case_and_white_space()
    {
        var index = new DuplicateIndex(new ExactDedupStage(), near: null);
        Assert.Null(Add(index, "The quick brown fox\njumps over the lazy dog."));
        Assert.Equal("exact-dedup", Add(index, "  the QUICK brown\t\tfox jumps\n\nover the lazy DOG. "));
        Assert.Null(Add(index, "The quick brown fox jumps over the lazy dog!")); // punctuation is kept by the exact stage
        Assert.Null(Add(index, "The quick brownfox jumps over the lazy dog.")); // a removed space is a different text
        Assert.Equal(3, index.Documents);
        Assert.Null(index.Signature("anything"));
    }

    [Fact]
    public void Normal_form_lower_cases_and_collapses_white_space()
    {
        Assert.Equal("a b c", TextNormalisation.Normalise(" \tA \n\n B\u00A0\u2003c  \r\n"));
        Assert.Equal("", TextNormalisation.Normalise(" \n\t "));
        Assert.Equal("élan ärger", TextNormalisation.Normalise("ÉLAN   Ärger"));
    }

    [Fact]
    public void Exact_copies_from_the_generator_are_caught_as_exact_before_near()
    {
        var text = new ZipfianText(500, 1.0, seed: 3);
        var random = new Random(4);
        var index = new DuplicateIndex(new ExactDedupStage(), Defaults);
        var originals = Enumerable.Range(0, 50).Select(_ => ZipfianText.Format(text.NextWords(random, 120), random)).ToList();
        Assert.All(originals, o => Assert.Null(Add(index, o)));
        Assert.All(originals, o => Assert.Equal("exact-dedup", Add(index, PlantedDuplicates.ExactCopy(o, random))));
        Assert.Equal(50, index.Documents);
    }

    [Fact]
    public void Planted_near_duplicates_are_found_above_0_9_and_never_below_0_5()
    {
        const int n = 5;
        var text = new ZipfianText(5000, 1.0, seed: 11);
        var random = new Random(12);
        var originals = Enumerable.Range(0, 300).Select(_ => text.NextWords(random, random.Next(150, 400))).ToList();
        // targets spread over (0.2, 0.99): half of them above 0.9, where recall is required
        var variants = originals.Select((words, i) =>
        {
            var target = i % 2 == 0 ? 0.9 + 0.09 * random.NextDouble() : 0.2 + 0.7 * random.NextDouble();
            var (variant, _) = PlantedDuplicates.NearCopy(words, target, n, () => text.NextWord(random), random);
            // the truth is recomputed here, independently of the generator's own figure
            return (Words: variant, Jaccard: TrueJaccard(words, variant, n));
        }).ToList();

        var index = new DuplicateIndex(exact: null, Defaults);
        foreach (var words in originals) Assert.Null(Add(index, ZipfianText.Format(words, random)));
        var flagged = variants.Select(v => (v.Jaccard, Stage: Add(index, ZipfianText.Format(v.Words, random)))).ToList();

        var high = flagged.Where(f => f.Jaccard >= 0.9).ToList();
        var low = flagged.Where(f => f.Jaccard < 0.5).ToList();
        Assert.True(high.Count >= 100, $"only {high.Count} pairs at J >= 0.9");
        Assert.True(low.Count >= 50, $"only {low.Count} pairs at J < 0.5");
        var recall = high.Count(f => f.Stage == "near-dedup") / (double)high.Count;
        Assert.True(recall >= 0.95, $"recall {recall:F3} at J >= 0.9");
        Assert.DoesNotContain(low, f => f.Stage is not null);
    }

    [Fact]
    public void Signatures_estimate_the_jaccard_similarity()
    {
        var text = new ZipfianText(5000, 1.0, seed: 21);
        var random = new Random(22);
        var index = new DuplicateIndex(exact: null, Defaults);
        var errors = new List<double>();
        for (var i = 0; i < 100; i++)
        {
            var words = text.NextWords(random, 300);
            var (variant, _) = PlantedDuplicates.NearCopy(words, random.NextDouble(), 5, () => text.NextWord(random), random);
            var a = index.Signature(string.Join(' ', words))!;
            var b = index.Signature(string.Join(' ', variant))!;
            var estimate = a.Zip(b).Count(p => p.First == p.Second) / (double)a.Length;
            errors.Add(estimate - TrueJaccard(words, variant, 5));
        }
        // 128 permutations: standard error sqrt(J(1-J)/128) <= 0.044; the mean error shows any bias of the permutations
        Assert.True(Math.Abs(errors.Average()) < 0.015, $"mean error {errors.Average():F4}");
        Assert.True(errors.Max(Math.Abs) < 0.2, $"max error {errors.Max(Math.Abs):F3}");
    }

    [Fact]
    public void The_first_copy_wins_and_a_duplicate_leaves_the_index_unchanged()
    {
        var text = new ZipfianText(2000, 1.0, seed: 31);
        var random = new Random(32);
        var words = text.NextWords(random, 300);
        var (variant, jaccard) = PlantedDuplicates.NearCopy(words, 0.95, 5, () => text.NextWord(random), random);
        Assert.InRange(jaccard, 0.9, 0.99);
        var index = new DuplicateIndex(new ExactDedupStage(), Defaults);
        Assert.Null(Add(index, string.Join(' ', variant)));
        var bytes = index.EstimatedBytes;
        Assert.Equal("near-dedup", Add(index, string.Join(' ', words)));
        Assert.Equal("near-dedup", Add(index, string.Join(' ', words))); // not remembered by the exact stage either
        Assert.Equal(1, index.Documents);
        Assert.Equal(bytes, index.EstimatedBytes);
        Assert.Equal("exact-dedup", Add(index, string.Join("  ", variant).ToUpperInvariant()));
    }

    [Fact]
    public void Short_documents_are_one_shingle_of_all_their_words()
    {
        var index = new DuplicateIndex(exact: null, Defaults);
        Assert.Null(Add(index, "the cat sat"));
        Assert.Equal("near-dedup", Add(index, "The cat -- sat!"));
        Assert.Null(Add(index, "the cat sat down"));
        Assert.Null(Add(index, "cat the sat"));
    }

    [Fact]
    public void The_same_seed_gives_the_same_signatures_and_another_seed_other_ones()
    {
        const string document = "one two three four five six seven eight nine ten eleven twelve";
        var first = new DuplicateIndex(null, Defaults with { Seed = 7 }).Signature(document)!;
        Assert.Equal(first, new DuplicateIndex(null, Defaults with { Seed = 7 }).Signature(document));
        Assert.NotEqual(first, new DuplicateIndex(null, Defaults with { Seed = 8 }).Signature(document));
        Assert.Equal(Defaults.Permutations, first.Length);
    }

    [Theory]
    [InlineData(100, 16, 5, 0.8, "Bands")]
    [InlineData(128, 0, 5, 0.8, "Bands")]
    [InlineData(0, 1, 5, 0.8, "Permutations")]
    [InlineData(2048, 16, 5, 0.8, "Permutations")]
    [InlineData(128, 16, 0, 0.8, "NGram")]
    [InlineData(128, 16, 5, 0.0, "Threshold")]
    [InlineData(128, 16, 5, 1.5, "Threshold")]
    public void Invalid_near_stages_are_refused_naming_the_field(int permutations, int bands, int nGram, double threshold, string field)
    {
        var stage = new NearDedupStage { Permutations = permutations, Bands = bands, NGram = nGram, Threshold = threshold };
        var error = Assert.Throws<ArgumentException>(() => new DuplicateIndex(null, stage));
        Assert.Equal(field, error.ParamName);
        Assert.Contains("NearDedup." + field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_of_the_wrong_length_is_refused()
    {
        var index = new DuplicateIndex(null, Defaults);
        Assert.Throws<ArgumentException>(() => index.TryAdd(null, new uint[64]));
        Assert.Throws<ArgumentException>(() => new DuplicateIndex(new ExactDedupStage(), null).TryAdd(null, new uint[128]));
    }

    [Fact]
    public void Estimated_bytes_grow_with_the_documents_kept()
    {
        var text = new ZipfianText(5000, 1.0, seed: 41);
        var random = new Random(42);
        var index = new DuplicateIndex(new ExactDedupStage(), Defaults);
        for (var i = 0; i < 5000; i++) Add(index, string.Join(' ', text.NextWords(random, 30)));
        Assert.Equal(5000, index.Documents);
        // at least the signatures (512 B), one link per band (64 B) and one fingerprint (16 B) per document
        Assert.InRange(index.EstimatedBytes / 5000.0, 128 * 4 + 16 * 4 + 16, 4000);
    }

    private static double TrueJaccard(string[] a, string[] b, int n)
    {
        static HashSet<(string, string, string, string, string)> Grams(string[] w) =>
            Enumerable.Range(0, w.Length - 4).Select(i => (w[i], w[i + 1], w[i + 2], w[i + 3], w[i + 4])).ToHashSet();
        Assert.Equal(5, n);
        var x = Grams(a);
        var y = Grams(b);
        return x.Intersect(y).Count() / (double)x.Union(y).Count();
    }
}
