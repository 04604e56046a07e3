using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Observations;

/// <summary>
/// The wide layout other mixture tools write: <c>ratios.csv</c> (first column the run, then one
/// weight column per domain) and <c>metrics.csv</c> (columns <c>run</c>, <c>step</c>, then one loss
/// column per domain; an empty cell means "not measured").
/// </summary>
public static class WideLayoutReader
{
    public const string RatiosFile = "ratios.csv";
    public const string MetricsFile = "metrics.csv";

    public static IReadOnlyList<WideRun> ReadRatios(CsvTable table)
    {
        if (table.Header.Length < 2) throw ApiProblemException.Invalid($"{RatiosFile}:header", "needs a run column and at least one domain column", 1);
        var domains = table.Header[1..];
        return table.Rows.Select(row => new WideRun(
            row.Fields[0],
            domains.Select((d, i) => (d, ObservationBodyReader.ParseNumber(row.Fields[i + 1], $"{RatiosFile}:{d}", row.Line))).ToDictionary(x => x.d, x => x.Item2),
            row.Line)).ToList();
    }

    public static IReadOnlyList<PostedObservation> ReadMetrics(CsvTable table)
    {
        int run = table.Column("run"), step = table.Column("step");
        if (run < 0 || step < 0) throw ApiProblemException.Invalid($"{MetricsFile}:header", "must contain the columns run and step", 1);
        var domainColumns = Enumerable.Range(0, table.Header.Length).Where(i => i != run && i != step).ToArray();
        if (domainColumns.Length == 0) throw ApiProblemException.Invalid($"{MetricsFile}:header", "needs at least one domain loss column", 1);

        var result = new List<PostedObservation>(table.Rows.Count * domainColumns.Length);
        foreach (var row in table.Rows)
        {
            var stepValue = ObservationBodyReader.ParseStep(row.Fields[step], row.Line);
            foreach (var column in domainColumns)
            {
                if (row.Fields[column].Length == 0) continue;
                var domain = table.Header[column];
                var loss = ObservationBodyReader.ParseNumber(row.Fields[column], $"{MetricsFile}:{domain}", row.Line);
                result.Add(new PostedObservation(row.Fields[run], stepValue, domain, loss, MetricsFile, row.Line));
            }
        }
        return result;
    }
}
