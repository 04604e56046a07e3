using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Observations;

/// <summary>
/// A CSV body: a header row, then data rows with their 1-based line numbers (the header is line 1).
/// Supports RFC 4180 double-quoted fields (no line breaks inside quotes); blank lines are skipped.
/// </summary>
public sealed record CsvTable(string[] Header, IReadOnlyList<CsvRow> Rows)
{
    /// <param name="source">Named in errors, e.g. "body" or "metrics.csv".</param>
    public static async Task<CsvTable> ReadAsync(TextReader reader, string source, int maxRows)
    {
        string[]? header = null;
        var rows = new List<CsvRow>();
        var lineNumber = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var fields = Split(line, source, lineNumber);
            if (header is null) { header = fields; continue; }
            if (fields.Length != header.Length)
                throw ApiProblemException.Invalid(source, $"has {fields.Length} fields where the header has {header.Length}", lineNumber);
            if (rows.Count == maxRows)
                throw ApiProblemException.Invalid(source, $"has more than the {maxRows} rows allowed per request", lineNumber);
            rows.Add(new CsvRow(lineNumber, fields));
        }
        if (header is null) throw ApiProblemException.Invalid(source, "is empty: a header row is required");
        return new CsvTable(header, rows);
    }

    /// <summary>Index of a header column (case-insensitive), or -1.</summary>
    public int Column(string name) => Array.FindIndex(Header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));

    private static string[] Split(string line, string source, int lineNumber)
    {
        if (!line.Contains('"')) return line.Split(',').Select(f => f.Trim()).ToArray();
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') current.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString().Trim()); current.Clear(); }
            else current.Append(c);
        }
        if (quoted) throw ApiProblemException.Invalid(source, "has an unterminated quoted field", lineNumber);
        fields.Add(current.ToString().Trim());
        return fields.ToArray();
    }
}

public sealed record CsvRow(int Line, string[] Fields);
