using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Hosting;

namespace ScalingApi.Host.Observations;

/// <summary>
/// Reads the body of <c>POST …/observations</c>: a JSON array or <c>text/csv</c> with header <c>run,step,domain,loss</c>.
/// CSV cell errors are collected in the returned errors (ingest adds its own and reports them together).
/// </summary>
public sealed class ObservationBodyReader(IOptions<JsonOptions> json, IOptions<LimitsOptions> limits)
{
    public static readonly string[] CsvColumns = ["run", "step", "domain", "loss"];

    public async Task<(IReadOnlyList<PostedObservation> Observations, CappedErrors Errors)> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength == 0) throw new InvalidInputException("body", "is empty: post a JSON array or CSV with header run,step,domain,loss");
        var mediaType = request.ContentType is { } ct ? ct.Split(';')[0].Trim().ToLowerInvariant() : null;
        var errors = new CappedErrors();
        var observations = mediaType switch
        {
            // buffer first: parsing is synchronous, and line-by-line async reads from the request stream cost more than parsing
            "text/csv" or "application/csv" => ReadCsv(await ReadTextAsync(request.Body), errors),
            "application/json" => await ReadJsonAsync(request.Body),
            // the framework's own 415, so the edge answers it as it answers routing's (listing the accepted types)
            _ => throw new BadHttpRequestException(UnsupportedContentType.Title, StatusCodes.Status415UnsupportedMediaType),
        };
        if (observations.Count == 0 && errors.Total == 0) throw new InvalidInputException("body", "contains no observations");
        return (observations, errors);
    }

    private static async Task<string> ReadTextAsync(Stream body)
    {
        // 64 KiB reads: StreamReader's default 1 KiB meant thousands of awaits on a large upload
        using var reader = new StreamReader(body, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        return await reader.ReadToEndAsync();
    }

    private async Task<IReadOnlyList<PostedObservation>> ReadJsonAsync(Stream body)
    {
        // a JsonException (malformed JSON, "NaN" strings, missing members) reaches the global handler with its path
        var items = await JsonSerializer.DeserializeAsync<List<ObservationItem>>(body, json.Value.SerializerOptions);
        if (items is null) throw new InvalidInputException("body", "must be an array of {run, step, domain, loss}, not null");
        if (items.Count > limits.Value.MaxObservationsPerRequest)
            throw new InvalidInputException("body", $"at most {limits.Value.MaxObservationsPerRequest} observations per request");
        var result = new List<PostedObservation>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] ?? throw new InvalidInputException($"[{i}]", "must be an object {run, step, domain, loss}");
            result.Add(new PostedObservation(item.Run, item.Step, item.Domain, item.Loss, $"[{i}]", null));
        }
        return result;
    }

    private List<PostedObservation> ReadCsv(string text, CappedErrors errors)
    {
        var result = new List<PostedObservation>();
        // runs and domains repeat on every row: one string per distinct name, not two per row
        var names = new Dictionary<string, string>().GetAlternateLookup<ReadOnlySpan<char>>();
        CsvRows.Read(text, "body", limits.Value.MaxObservationsPerRequest, errors, header =>
        {
            var index = CsvColumns.Select(c => CsvTable.Column(header, c)).ToArray();
            var missing = CsvColumns.Where((_, i) => index[i] < 0).ToList();
            if (missing.Count > 0)
                throw new InvalidInputException("header", $"must contain the columns run,step,domain,loss (missing: {string.Join(", ", missing)})", 1);
            return row =>
            {
                var step = CsvCells.Step(row[index[1]], "step", row.Line, errors);
                var loss = CsvCells.Number(row[index[3]], "loss", row.Line, errors);
                if (step is { } s && loss is { } l)
                    result.Add(new PostedObservation(Name(names, row[index[0]]), s, Name(names, row[index[2]]), l, "", row.Line));
            };
        });
        return result;
    }

    private static string Name(Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> names, ReadOnlySpan<char> span)
    {
        if (names.TryGetValue(span, out var name)) return name;
        name = span.ToString();
        names[span] = name;
        return name;
    }
}
