namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>"duplicate-lines": many lines repeat an earlier line of the same document (boilerplate, spam), by
/// count of lines or by their share of the characters.</summary>
internal sealed class DuplicateLinesFilter(double? maxLineFraction, double? maxCharacterFraction) : IQualityFilter
{
    public string Name => "duplicate-lines";

    public bool Rejects(QualityDocument document)
    {
        if (document.Lines.Count == 0) return false;
        var seen = new HashSet<string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        int duplicateLines = 0, duplicateCharacters = 0, characters = 0;
        for (var i = 0; i < document.Lines.Count; i++)
        {
            var line = document.Line(i);
            characters += line.Length;
            if (seen.Add(line)) continue;
            duplicateLines++;
            duplicateCharacters += line.Length;
        }
        return (double)duplicateLines / document.Lines.Count > (maxLineFraction ?? double.PositiveInfinity)
            || (double)duplicateCharacters / characters > (maxCharacterFraction ?? double.PositiveInfinity);
    }
}
