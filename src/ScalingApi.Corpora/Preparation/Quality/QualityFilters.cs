namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>The filters a <see cref="QualityStage"/> switches on, in its (fixed) order: cheap counts first, then
/// line shapes, repetition and vocabulary. A document is charged to the first filter that rejects it.</summary>
internal static class QualityFilters
{
    public static IReadOnlyList<IQualityFilter> From(QualityStage stage)
    {
        List<IQualityFilter> filters = [];
        if (stage.MinWords is { } minWords) filters.Add(new MinWordsFilter(minWords));
        if (stage.MaxWords is { } maxWords) filters.Add(new MaxWordsFilter(maxWords));
        if (stage.MinMeanWordLength is not null || stage.MaxMeanWordLength is not null)
            filters.Add(new MeanWordLengthFilter(stage.MinMeanWordLength, stage.MaxMeanWordLength));
        if (stage.MaxSymbolToWordRatio is { } symbols) filters.Add(new SymbolRatioFilter(symbols));
        if (stage.MinAlphabeticWordFraction is { } alphabetic) filters.Add(new AlphabeticWordsFilter(alphabetic));
        if (stage.MinTerminalPunctuationLineFraction is { } terminal) filters.Add(new TerminalPunctuationFilter(terminal));
        if (stage.MaxBulletLineFraction is { } bullets) filters.Add(new BulletLinesFilter(bullets));
        if (stage.MaxEllipsisLineFraction is { } ellipses) filters.Add(new EllipsisLinesFilter(ellipses));
        if (stage.MaxDuplicateLineFraction is not null || stage.MaxDuplicateLineCharacterFraction is not null)
            filters.Add(new DuplicateLinesFilter(stage.MaxDuplicateLineFraction, stage.MaxDuplicateLineCharacterFraction));
        if (stage.MaxTopNGramCharacterFraction is { Count: > 0 } top) filters.Add(new TopNGramFilter(top));
        if (stage.MaxDuplicateNGramCharacterFraction is { Count: > 0 } repeated) filters.Add(new DuplicateNGramFilter(repeated));
        if (stage.MinStopWords is > 0 and { } minStopWords)
            filters.Add(new StopWordsFilter(minStopWords, StopWords.For(stage.StopWordLanguages)));
        if (stage.Blocklist.Count > 0) filters.Add(new BlocklistFilter(stage.Blocklist));
        return filters;
    }

    /// <summary>The name of the first filter rejecting <paramref name="text"/>, or null when it passes them all.</summary>
    public static string? FirstRejecting(IReadOnlyList<IQualityFilter> filters, string text)
    {
        var document = new QualityDocument(text);
        foreach (var filter in filters)
            if (filter.Rejects(document)) return filter.Name;
        return null;
    }
}
