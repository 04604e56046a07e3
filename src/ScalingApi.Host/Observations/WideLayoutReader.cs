using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Observations;

/// <summary>
/// The wide layout other mixture tools write: <c>ratios.csv</c> (first column the run, then one
/// weight column per domain) and <c>metrics.csv</c> (columns <c>run</c>, <c>step</c>, then one loss
/// column per domain; an empty cell means "not measured"). Bad cells are added to the errors and left out.
/// </summary>
public static class WideLayoutReader
{
    public const string RatiosFile = "ratios.csv";
    public const string MetricsFile = "metrics.csv";

    public static IReadOnlyList<WideRun> ReadRatios(CsvTable table, CappedErrors errors)
    {
        // a header error is added, not thrown: the other file's bad cells are reported in the same answer
        if (table.Header.Length < 2) return Refused<WideRun>(errors, RatiosFile, "needs a run column and at least one domain column");
        var domains = table.Header[1..];
        var runs = new List<WideRun>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var mixture = new Dictionary<string, double>();
            for (var i = 0; i < domains.Length; i++)
                if (CsvCells.Number(row.Fields[i + 1], $"{RatiosFile}:{domains[i]}", row.Line, errors) is { } weight) mixture[domains[i]] = weight;
            if (mixture.Count == domains.Length) runs.Add(new WideRun(row.Fields[0], mixture, row.Line));
        }
        return runs;
    }

    public static IReadOnlyList<PostedObservation> ReadMetrics(CsvTable table, CappedErrors errors)
    {
        int run = table.Column("run"), step = table.Column("step");
        if (run < 0 || step < 0) return Refused<PostedObservation>(errors, MetricsFile, "must contain the columns run and step");
        var domainColumns = Enumerable.Range(0, table.Header.Length).Where(i => i != run && i != step).ToArray();
        if (domainColumns.Length == 0) return Refused<PostedObservation>(errors, MetricsFile, "needs at least one domain loss column");

        var result = new List<PostedObservation>(table.Rows.Count * domainColumns.Length);
        foreach (var row in table.Rows)
        {
            var stepValue = CsvCells.Step(row.Fields[step], "step", row.Line, errors);
            foreach (var column in domainColumns)
            {
                if (row.Fields[column].Length == 0) continue;
                var domain = table.Header[column];
                if (CsvCells.Number(row.Fields[column], $"{MetricsFile}:{domain}", row.Line, errors) is { } loss && stepValue is { } s)
                    result.Add(new PostedObservation(row.Fields[run], s, domain, loss, MetricsFile, row.Line));
            }
        }
        return result;
    }

    private static IReadOnlyList<T> Refused<T>(CappedErrors errors, string file, string rule)
    {
        errors.Add(new FieldError($"{file}:header", rule, 1));
        return [];
    }
}
