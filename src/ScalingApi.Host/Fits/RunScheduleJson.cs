using System.Text.Json;
using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;
using ScalingApi.Laws.Schedules;

namespace ScalingApi.Host.Fits;

/// <summary>A run's learning-rate schedule as stored: the API's form, in JSON, validated again when read.</summary>
public static class RunScheduleJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(LrSchedule schedule) => JsonSerializer.Serialize(LearningRateScheduleValidator.ToSpec(schedule), Options);

    public static LearningRateScheduleSpec Spec(string json) =>
        JsonSerializer.Deserialize<LearningRateScheduleSpec>(json, Options) ?? throw new InvalidDataException("empty stored schedule");

    public static LrSchedule Parse(string json)
    {
        var errors = new List<FieldError>();
        return LearningRateScheduleValidator.Validate(Spec(json), "learningRateSchedule", errors)
               ?? throw new InvalidDataException($"stored schedule is invalid: {string.Join("; ", errors.Select(e => $"{e.Field} {e.Rule}"))}");
    }
}
