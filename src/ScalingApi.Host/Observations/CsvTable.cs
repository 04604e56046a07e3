using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Observations;

/// <summary>
/// A whole CSV file held as strings (the wide layout reads its columns by header name): read by
/// <see cref="CsvRows"/>, whose broken rows are in the errors and absent here.
/// </summary>
public sealed record CsvTable(string[] Header, IReadOnlyList<CsvRow> Rows)
{
    /// <param name="source">Named in errors, e.g. "metrics.csv".</param>
    public static CsvTable Parse(string text, string source, int maxRows, CappedErrors errors)
    {
        string[] header = [];
        var rows = new List<CsvRow>();
        CsvRows.Read(text, source, maxRows, errors, columns =>
        {
            header = columns;
            return row =>
            {
                var fields = new string[columns.Length];
                for (var i = 0; i < fields.Length; i++) fields[i] = row[i].ToString();
                rows.Add(new CsvRow(row.Line, fields));
            };
        });
        return new CsvTable(header, rows);
    }

    /// <summary>Index of a header column (case-insensitive), or -1.</summary>
    public int Column(string name) => Column(Header, name);

    public static int Column(string[] header, string name) =>
        Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
}

public sealed record CsvRow(int Line, string[] Fields);
