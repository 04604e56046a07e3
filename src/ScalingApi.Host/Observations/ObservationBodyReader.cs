using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Hosting;

namespace ScalingApi.Host.Observations;

/// <summary>Reads the body of <c>POST …/observations</c>: a JSON array or <c>text/csv</c> with header <c>run,step,domain,loss</c>.</summary>
public sealed class ObservationBodyReader(IOptions<JsonOptions> json, IOptions<LimitsOptions> limits)
{
    public static readonly string[] CsvColumns = ["run", "step", "domain", "loss"];

    public async Task<IReadOnlyList<PostedObservation>> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength == 0) throw ApiProblemException.Invalid("body", "is empty: post a JSON array or CSV with header run,step,domain,loss");
        var mediaType = request.ContentType is { } ct ? ct.Split(';')[0].Trim().ToLowerInvariant() : null;
        var observations = mediaType switch
        {
            "text/csv" or "application/csv" => await ReadCsvAsync(request.Body),
            "application/json" => await ReadJsonAsync(request.Body),
            _ => throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.",
                [new FieldError("Content-Type", "must be application/json or text/csv")]),
        };
        if (observations.Count == 0) throw ApiProblemException.Invalid("body", "contains no observations");
        return observations;
    }

    private async Task<IReadOnlyList<PostedObservation>> ReadJsonAsync(Stream body)
    {
        // a JsonException (malformed JSON, "NaN" strings, missing members) reaches the global handler with its path
        var items = await JsonSerializer.DeserializeAsync<List<ObservationItem>>(body, json.Value.SerializerOptions);
        if (items is null) throw ApiProblemException.Invalid("body", "must be an array of {run, step, domain, loss}, not null");
        if (items.Count > limits.Value.MaxObservationsPerRequest)
            throw ApiProblemException.Invalid("body", $"at most {limits.Value.MaxObservationsPerRequest} observations per request");
        var result = new List<PostedObservation>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] ?? throw ApiProblemException.Invalid($"[{i}]", "must be an object {run, step, domain, loss}");
            result.Add(new PostedObservation(item.Run, item.Step, item.Domain, item.Loss, $"[{i}]", null));
        }
        return result;
    }

    private async Task<IReadOnlyList<PostedObservation>> ReadCsvAsync(Stream body)
    {
        // buffer first: line-by-line async reads from the request stream cost more than parsing
        var table = CsvTable.Parse(await new StreamReader(body).ReadToEndAsync(), "body", limits.Value.MaxObservationsPerRequest);
        var index = CsvColumns.Select(table.Column).ToArray();
        var missing = CsvColumns.Where((_, i) => index[i] < 0).ToList();
        if (missing.Count > 0)
            throw ApiProblemException.Invalid("header", $"must contain the columns run,step,domain,loss (missing: {string.Join(", ", missing)})", 1);

        var result = new List<PostedObservation>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var step = ParseStep(row.Fields[index[1]], row.Line);
            var loss = ParseNumber(row.Fields[index[3]], "loss", row.Line);
            result.Add(new PostedObservation(row.Fields[index[0]], step, row.Fields[index[2]], loss, "", row.Line));
        }
        return result;
    }

    /// <summary>A CSV step: a positive integer (exponent or decimal forms are refused, not rounded).</summary>
    public static long ParseStep(string text, int line) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var step) && step > 0
            ? step
            : throw ApiProblemException.Invalid("step", $"must be a positive integer (got '{EchoedValue.Of(text)}')", line);

    /// <summary>A CSV number; non-finite values such as "nan" parse here and are refused by the validator, with the field named.</summary>
    public static double ParseNumber(string text, string field, int line) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiProblemException.Invalid(field, $"must be a number (got '{EchoedValue.Of(text)}')", line);

}
