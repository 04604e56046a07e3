using nietras.SeparatedValues;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Observations;

/// <summary>
/// A CSV body read with Sep: RFC 4180 quoting (commas, doubled quotes and line breaks inside quoted fields),
/// fields trimmed, blank lines skipped, the first non-blank row the header. Broken rows (unterminated quote,
/// wrong field count) are added to the errors and skipped, so one request reports all of them. Lines are
/// 1-based physical lines (the header is line 1); a row whose quoted field spans lines is reported at its first.
/// </summary>
public static class CsvRows
{
    /// <summary>Called with the header; returns what handles each data row (or throws when the header is unusable).</summary>
    public delegate RowHandler HeaderHandler(string[] header);

    public delegate void RowHandler(CsvRecord row);

    private static readonly SepReaderOptions Options = Sep.New(',').Reader() with
    {
        HasHeader = false, Unescape = true, Trim = SepTrim.All, DisableColCountCheck = true,
    };

    /// <param name="source">Named in errors, e.g. "body" or "metrics.csv".</param>
    public static void Read(string text, string source, int maxRows, CappedErrors errors, HeaderHandler onHeader)
    {
        using var reader = Options.FromText(text);
        string[]? header = null;
        RowHandler? onRow = null;
        var rows = 0;
        foreach (var row in reader)
        {
            var line = row.LineNumberFrom;
            if (row.ColCount == 1 && row.Span.IsWhiteSpace()) continue;
            // Sep reads an unclosed quote to the end of the text as one field rather than failing; an odd count of quotes is that case
            if (row.Span.Count('"') % 2 != 0)
            {
                errors.Add(new FieldError(source, "has an unterminated quoted field", line));
                continue;
            }
            if (header is null)
            {
                header = new string[row.ColCount];
                for (var i = 0; i < header.Length; i++) header[i] = row[i].ToString();
                onRow = onHeader(header);
                continue;
            }
            if (row.ColCount != header.Length)
            {
                errors.Add(new FieldError(source, $"has {row.ColCount} fields where the header has {header.Length}", line));
                continue;
            }
            if (++rows > maxRows) throw new InvalidInputException(source, $"has more than the {maxRows} rows allowed per request", line);
            onRow!(new CsvRecord(row, line));
        }
        if (header is null) throw new InvalidInputException(source, "is empty: a header row is required");
    }
}

/// <summary>A data row: its fields as spans into Sep's buffer (valid only during the call) and the line it starts on.</summary>
public readonly ref struct CsvRecord
{
    private readonly SepReader.Row _row;

    public CsvRecord(SepReader.Row row, int line)
    {
        _row = row;
        Line = line;
    }

    public int Line { get; }

    public ReadOnlySpan<char> this[int column] => _row[column].Span;
}
