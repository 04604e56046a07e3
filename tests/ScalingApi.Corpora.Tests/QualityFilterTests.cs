using ScalingApi.Corpora.Preparation;
using ScalingApi.Corpora.Preparation.Quality;

namespace ScalingApi.Corpora.Tests;

/// <summary>Each quality filter on hand-made documents just inside and just outside its threshold.</summary>
public sealed class QualityFilterTests
{
    private static bool Rejects(IQualityFilter filter, string text) => filter.Rejects(new QualityDocument(text));

    /// <summary>n distinct four-letter words ("wa00", "wa01"…), so nothing repeats.</summary>
    private static string Words(int n, string prefix = "w") =>
        string.Join(" ", Enumerable.Range(0, n).Select(i => $"{prefix}{(char)('a' + i / 100 % 26)}{i % 100:D2}"));

    private static string Lines(int matching, int other, string matchingLine, string otherLine) =>
        string.Join("\n", Enumerable.Repeat(matchingLine, matching).Concat(Enumerable.Repeat(otherLine, other))
            .Select((line, i) => line.Replace("#", i.ToString())));

    [Fact]
    public void Min_words_rejects_below_the_minimum()
    {
        var filter = new MinWordsFilter(50);
        Assert.True(Rejects(filter, Words(49)));
        Assert.False(Rejects(filter, Words(50)));
        Assert.True(Rejects(filter, "   \n  "));
    }

    [Fact]
    public void Max_words_rejects_above_the_maximum()
    {
        var filter = new MaxWordsFilter(100);
        Assert.False(Rejects(filter, Words(100)));
        Assert.True(Rejects(filter, Words(101)));
    }

    [Fact]
    public void Mean_word_length_ignores_surrounding_punctuation_and_bounds_both_sides()
    {
        var filter = new MeanWordLengthFilter(3, 10);
        Assert.True(Rejects(filter, "ab, cd. ef! gh?"));            // mean 2
        Assert.False(Rejects(filter, "abc, def. (ghi) \"jkl\""));     // mean 3: punctuation is not counted
        Assert.False(Rejects(filter, "abcdefghij abcdefghij"));       // mean 10
        Assert.True(Rejects(filter, "abcdefghijk abcdefghijk"));      // mean 11
        Assert.True(Rejects(filter, "... !!! ---"));                  // no word at all
        Assert.False(Rejects(new MeanWordLengthFilter(null, 10), "a b c"));
    }

    [Fact]
    public void Symbol_ratio_counts_hashes_and_ellipses_separately_per_word()
    {
        var filter = new SymbolRatioFilter(0.1);
        Assert.False(Rejects(filter, Words(18) + " #one #two"));        // 2 hashes / 20 words = 0.1
        Assert.True(Rejects(filter, Words(17) + " #one #two #three"));  // 3 / 20
        Assert.False(Rejects(filter, Words(18) + " one... two…"));     // 2 ellipses / 20
        Assert.True(Rejects(filter, Words(17) + " one... two… three..."));
        Assert.False(Rejects(filter, Words(17) + " #one #two three…"));   // 2 hashes and 1 ellipsis, each ≤ 0.1
    }

    [Fact]
    public void Alphabetic_words_needs_enough_words_with_a_letter()
    {
        var filter = new AlphabeticWordsFilter(0.8);
        Assert.False(Rejects(filter, "one two three four five six seven eight 9 10"));   // 0.8
        Assert.True(Rejects(filter, "one two three four five six seven 8 9 10"));        // 0.7
        Assert.False(Rejects(filter, "ünu dój trés quätro cïnco şase 7 8 9 10".Replace("7 8 9 10", "seïs 9 x y")));
    }

    [Fact]
    public void Terminal_punctuation_needs_enough_lines_ending_a_sentence()
    {
        var filter = new TerminalPunctuationFilter(0.12);
        Assert.False(Rejects(filter, Lines(1, 7, "It ended here.", "menu item #")));    // 1/8 = 0.125
        Assert.True(Rejects(filter, Lines(1, 8, "It ended here.", "menu item #")));     // 1/9
        Assert.False(Rejects(filter, Lines(1, 7, "He said “stop”", "menu item #")));    // closing quote counts
        Assert.False(Rejects(filter, Lines(1, 7, "Really?", "menu item #")));
        Assert.True(Rejects(filter, Lines(1, 7, "And then...", "menu item #")));        // an ellipsis is not an end
    }

    [Fact]
    public void Bullet_lines_rejects_when_nearly_every_line_is_a_bullet()
    {
        var filter = new BulletLinesFilter(0.9);
        Assert.False(Rejects(filter, Lines(9, 1, "• item #", "A sentence.")));   // 0.9
        Assert.True(Rejects(filter, Lines(10, 0, "  - item #", "")));            // 1.0, leading spaces ignored
        Assert.True(Rejects(filter, Lines(19, 1, "* item #", "A sentence.")));   // 0.95
    }

    [Fact]
    public void Ellipsis_lines_rejects_when_many_lines_are_cut_short()
    {
        var filter = new EllipsisLinesFilter(0.3);
        Assert.False(Rejects(filter, Lines(3, 7, "Read more #...", "A full sentence #.")));   // 0.3
        Assert.True(Rejects(filter, Lines(4, 6, "Read more #…", "A full sentence #.")));      // 0.4
    }

    [Fact]
    public void Duplicate_lines_by_count_and_by_characters()
    {
        string Document(int repeats) => string.Join("\n",
            Enumerable.Range(0, 10 - repeats).Select(i => $"line {i} of the page").Concat(Enumerable.Repeat("line 0 of the page", repeats)));
        var byCount = new DuplicateLinesFilter(0.3, null);
        Assert.False(Rejects(byCount, Document(3)));   // 3 of 10 lines repeat an earlier one
        Assert.True(Rejects(byCount, Document(4)));
        Assert.False(Rejects(byCount, "a\nb\n\n\nc"));  // blank lines are not lines

        var byCharacters = new DuplicateLinesFilter(null, 0.2);
        var longLine = new string('x', 40);
        Assert.False(Rejects(byCharacters, $"{longLine}\n{longLine}\n{new string('y', 120)}"));   // 40 / 200 = 0.2
        Assert.True(Rejects(byCharacters, $"{longLine}\n{longLine}\n{new string('y', 110)}"));    // 40 / 190 > 0.2
    }

    [Fact]
    public void Top_ngram_fraction_is_the_characters_of_the_most_frequent_repeated_ngram()
    {
        // "xx yy" four times among 24 distinct four-letter words: 4 × 4 / (4 × 4 + 24 × 4) = 1/7
        var text = "xx yy " + Words(6) + " xx, yy " + Words(6, "v") + " XX yy. " + Words(6, "u") + " xx yy " + Words(6, "t");
        var document = new QualityDocument(text);
        Assert.Equal(16.0 / 112, TopNGramFilter.TopFraction(document, 2), 12);
        Assert.True(new TopNGramFilter(new Dictionary<int, double> { [2] = 0.14 }).Rejects(document));
        Assert.False(new TopNGramFilter(new Dictionary<int, double> { [2] = 0.15 }).Rejects(document));
        Assert.Equal(0, TopNGramFilter.TopFraction(new QualityDocument(Words(30)), 2));   // nothing repeats
    }

    [Fact]
    public void Duplicate_ngram_fraction_counts_the_words_of_repeated_ngrams_once()
    {
        // a five-word phrase (4 characters each) said twice among 30 distinct words: the repeat covers 20 of 160 characters
        const string phrase = "alfa beta gama delt epsi";
        var document = new QualityDocument($"{phrase} {Words(15)} {phrase} {Words(15, "v")}");
        Assert.Equal(20.0 / 160, DuplicateNGramFilter.DuplicateFraction(document, 5), 12);
        Assert.True(new DuplicateNGramFilter(new Dictionary<int, double> { [5] = 0.12 }).Rejects(document));
        Assert.False(new DuplicateNGramFilter(new Dictionary<int, double> { [5] = 0.13 }).Rejects(document));
        // overlapping repeats cover each word once: "a a a a a a" has 6 words, 5-grams repeat from position 1
        Assert.Equal(5.0 / 6, DuplicateNGramFilter.DuplicateFraction(new QualityDocument("a a a a a a"), 5), 12);
    }

    [Fact]
    public void Stop_words_needs_enough_distinct_ones_in_any_configured_language()
    {
        var filter = new StopWordsFilter(2, StopWords.For(["en", "ro"]));
        Assert.True(Rejects(filter, "The the THE river"));              // one distinct stop word
        Assert.False(Rejects(filter, "The river and the bridge"));
        Assert.False(Rejects(filter, "Râul şi podul în ceaţă"));       // Romanian, with cedilla spellings of ș
        Assert.True(Rejects(filter, "Der Fluss und die Brücke"));       // German is not configured
        Assert.False(Rejects(new StopWordsFilter(2, StopWords.For(["de"])), "Der Fluss und die Brücke"));
        Assert.Throws<ArgumentException>(() => StopWords.For(["xx"]));
    }

    [Fact]
    public void Blocklist_matches_whole_words_whatever_their_case_and_punctuation()
    {
        var filter = new BlocklistFilter(["casino", "Spam"]);
        Assert.True(Rejects(filter, "Win big at the CASINO!"));
        Assert.True(Rejects(filter, "more (spam) here"));
        Assert.False(Rejects(filter, "casinos and spammers are other words"));
    }

    [Fact]
    public void Default_thresholds_keep_ordinary_prose()
    {
        var filters = QualityFilters.From(new QualityStage());
        for (var seed = 0; seed < 200; seed++)
            Assert.Null(QualityFilters.FirstRejecting(filters, PreparationTexts.Prose(seed, 60 + seed)));
    }

    [Fact]
    public void A_document_is_charged_to_the_first_filter_that_rejects_it()
    {
        var filters = QualityFilters.From(new QualityStage { Blocklist = ["casino"] });
        Assert.Equal("min-words", QualityFilters.FirstRejecting(filters, "casino casino casino"));
        Assert.Equal("blocklist", QualityFilters.FirstRejecting(filters, PreparationTexts.Prose(3) + "\nThe casino."));
    }

    [Fact]
    public void A_null_threshold_switches_its_filter_off()
    {
        var all = QualityFilters.From(new QualityStage()).Select(f => f.Name).ToList();
        var fewer = QualityFilters.From(new QualityStage { MinWords = null, MaxTopNGramCharacterFraction = null, MinStopWords = null })
            .Select(f => f.Name).ToList();
        Assert.Equal(all.Except(["min-words", "top-ngrams", "stop-words"]), fewer);
    }
}
