namespace ScalingApi.Corpora.Preparation;

/// <summary>
/// Which preparation stages run, in this fixed order: language identification, quality filters, exact
/// deduplication, near-duplicate removal. A stage left null is skipped. This record is also the HTTP request's
/// <c>stages</c> object, so its property names are the public contract.
/// </summary>
public sealed record PreparationStages
{
    public LanguageStage? Language { get; init; }
    public QualityStage? Quality { get; init; }
    public ExactDedupStage? ExactDedup { get; init; }
    public NearDedupStage? NearDedup { get; init; }

    /// <summary>Deduplicate across the job's domains too: a document kept in an earlier domain removes its copies
    /// (exact or near) from the later ones, so it is counted once.</summary>
    public bool AcrossDomains { get; init; }
}

/// <summary>Keeps documents whose most likely language is one of <see cref="Languages"/> (ISO 639-1 codes)
/// with at least <see cref="MinConfidence"/>. The candidates the detector chooses among are these languages plus
/// a fixed set of frequent ones (<see cref="Language.LanguageIdentifier.Candidates"/>), so a document in another
/// language is recognised as such instead of being forced onto the closest configured one.</summary>
public sealed record LanguageStage
{
    public IReadOnlyList<string> Languages { get; init; } = ["en"];
    public double MinConfidence { get; init; } = 0.5;

    /// <summary>Only the first this many characters of a document (cut at a word boundary) are identified: the
    /// detector's cost grows with the text, and the opening of a web page tells its language.</summary>
    public int SampleCharacters { get; init; } = 500;

    /// <summary>Lingua's high-accuracy mode (all n-gram models, up to five-grams): better on texts under about 120
    /// characters, but several times the model memory and load time (docs/corpus-preparation.md). Off by default:
    /// documents that pass the quality filters are long enough for the trigram models of the low-accuracy mode.</summary>
    public bool HighAccuracy { get; init; }
}

/// <summary>Heuristic quality thresholds (FuLG / Gopher / C4 style); every threshold is documented with its
/// source in docs/corpus-preparation.md. A threshold set to null switches its filter off. The filters run in the
/// order of these properties and a document is charged to the first that rejects it.</summary>
public sealed record QualityStage
{
    /// <summary>"min-words": fewer whitespace-separated words is too short to be prose (Gopher: 50).</summary>
    public int? MinWords { get; init; } = 50;

    /// <summary>"max-words": more words is usually a dump, not a document (Gopher: 100,000).</summary>
    public int? MaxWords { get; init; } = 100_000;

    /// <summary>"mean-word-length": mean length of words (punctuation stripped) outside [min, max] (Gopher: 3–10).</summary>
    public double? MinMeanWordLength { get; init; } = 3;
    public double? MaxMeanWordLength { get; init; } = 10;

    /// <summary>"symbol-ratio": '#' per word, or ellipses ("..." and "…") per word, above this (Gopher: 0.1).</summary>
    public double? MaxSymbolToWordRatio { get; init; } = 0.1;

    /// <summary>"alphabetic-words": fraction of words containing a letter below this (Gopher: 0.8).</summary>
    public double? MinAlphabeticWordFraction { get; init; } = 0.8;

    /// <summary>"terminal-punctuation": fraction of lines ending in . ! ? or a closing quote below this
    /// (C4 keeps only such lines; as a document rule, FineWeb: 0.12).</summary>
    public double? MinTerminalPunctuationLineFraction { get; init; } = 0.12;

    /// <summary>"bullet-lines": fraction of lines starting with a bullet above this (Gopher: 0.9).</summary>
    public double? MaxBulletLineFraction { get; init; } = 0.9;

    /// <summary>"ellipsis-lines": fraction of lines ending in an ellipsis above this (Gopher: 0.3).</summary>
    public double? MaxEllipsisLineFraction { get; init; } = 0.3;

    /// <summary>"duplicate-lines": fraction of lines repeating an earlier line (Gopher: 0.3), or fraction of
    /// characters in such lines (Gopher: 0.2), above these.</summary>
    public double? MaxDuplicateLineFraction { get; init; } = 0.3;
    public double? MaxDuplicateLineCharacterFraction { get; init; } = 0.2;

    /// <summary>"top-ngrams": per n, the characters covered by the most frequent word n-gram, as a fraction of
    /// all word characters, above the value (Gopher: 2 → 0.20, 3 → 0.18, 4 → 0.16).</summary>
    public IReadOnlyDictionary<int, double>? MaxTopNGramCharacterFraction { get; init; } =
        new Dictionary<int, double> { [2] = 0.20, [3] = 0.18, [4] = 0.16 };

    /// <summary>"duplicate-ngrams": per n, the characters of words inside repeated word n-grams (second and later
    /// occurrences), as a fraction of all word characters, above the value (Gopher: 5 → 0.15 … 10 → 0.10).</summary>
    public IReadOnlyDictionary<int, double>? MaxDuplicateNGramCharacterFraction { get; init; } =
        new Dictionary<int, double> { [5] = 0.15, [6] = 0.14, [7] = 0.13, [8] = 0.12, [9] = 0.11, [10] = 0.10 };

    /// <summary>"stop-words": fewer distinct stop words (of the lists of <see cref="StopWordLanguages"/>) than
    /// this (Gopher: 2 of "the, be, to, of, and, that, have, with").</summary>
    public int? MinStopWords { get; init; } = 2;
    public IReadOnlyList<string> StopWordLanguages { get; init; } = ["en", "ro"];

    /// <summary>"blocklist": a document containing any of these words (case-insensitive, whole words) is removed
    /// (C4 uses the "List of Dirty, Naughty, Obscene, and Otherwise Bad Words"); empty by default.</summary>
    public IReadOnlyList<string> Blocklist { get; init; } = [];
}

/// <summary>Removes documents whose normalised text (case-folded, whitespace collapsed) was seen before.</summary>
public sealed record ExactDedupStage;

/// <summary>MinHash over word n-grams with LSH banding; a document whose estimated Jaccard similarity to a kept
/// document is at least <see cref="Threshold"/> is removed.</summary>
public sealed record NearDedupStage
{
    public int NGram { get; init; } = 5;
    public int Permutations { get; init; } = 128;
    public int Bands { get; init; } = 16;
    public double Threshold { get; init; } = 0.8;
    public ulong Seed { get; init; } = 1;
}
