using System.Text.Json;
using ScalingApi.Contracts;
using ScalingApi.Laws.BiMix;
using ScalingApi.Host.Hosting;

namespace ScalingApi.Host.Fits;

/// <summary>
/// Storage format of the fitted model (the numerics' own <see cref="BiMixFit"/>, bootstrap laws
/// included) and of the hold-out result. Full double precision round-trips; non-finite
/// diagnostics are kept as "NaN"/"Infinity" strings, which only this serializer reads.
/// </summary>
public static class FitModelJson
{
    private static JsonSerializerOptions Options => StoredJson.Options;

    public static string Serialize(BiMixFit fit) => JsonSerializer.Serialize(fit, Options);

    public static BiMixFit DeserializeModel(string json) =>
        JsonSerializer.Deserialize<BiMixFit>(json, Options) ?? throw new InvalidDataException("Stored fit model is empty.");

    public static string Serialize(HoldoutResponse holdout) => JsonSerializer.Serialize(holdout, Options);

    public static HoldoutResponse? DeserializeHoldout(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<HoldoutResponse>(json, Options);

    public static string Serialize(CreateFitRequest request) => JsonSerializer.Serialize(request, Options);

    public static string Serialize(IReadOnlyList<string> runNames) => JsonSerializer.Serialize(runNames, Options);

    public static IReadOnlyList<string>? DeserializeRuns(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<List<string>>(json, Options);
}
