using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary><c>POST /api/leases/{leaseId}/heartbeat</c>: progress counts are non-negative and finite.</summary>
public sealed class HeartbeatRules : IRequestValidator<Heartbeat>
{
    public List<FieldError> Validate(Heartbeat beat)
    {
        var errors = new List<FieldError>();
        if (beat.Step < 0) errors.Add(new("step", "must be ≥ 0"));
        FieldRules.NonNegativeFinite(beat.TokensPerSecond, "tokensPerSecond", errors);
        FieldRules.NonNegativeFinite(beat.DeviceSeconds, "deviceSeconds", errors);
        if (beat.TrainLoss is { } loss && !double.IsFinite(loss)) errors.Add(new("trainLoss", "must be a finite number"));
        if (beat.Tokens < 0) errors.Add(new("tokens", "must be ≥ 0"));
        return errors;
    }
}
