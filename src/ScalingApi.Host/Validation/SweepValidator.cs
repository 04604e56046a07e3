using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Sweeps;

namespace ScalingApi.Host.Validation;

/// <summary>The scalar parts of a sweep request (model, steps, checkpoints, executor); mixtures are checked by <see cref="MixturePlanner"/>.</summary>
public static class SweepValidator
{
    public const int MaxSteps = 10_000_000;

    public sealed record ValidSweep(ProxyModelSpec Model, ProxyModelShape Shape, string Tokenizer, string Executor, IReadOnlyList<int> CheckpointSteps);

    public static ValidSweep? Validate(CreateSweepRequest request, IReadOnlyCollection<string> executors, string defaultExecutor,
        string experimentTokenizer, List<FieldError> errors)
    {
        var before = errors.Count;
        if (request.Name is not null) FieldRules.Name(request.Name, "name", errors);
        if (request.Mixtures is null || request.Mixtures.Count == 0) errors.Add(new("mixtures", "is required: at least one mixture or design"));
        if (request.Steps < 1 || request.Steps > MaxSteps) errors.Add(new("steps", $"must be an integer in [1, {MaxSteps}]"));
        if (request.BatchSize is < 1) errors.Add(new("batchSize", "must be ≥ 1"));

        var tokenizer = request.Tokenizer ?? experimentTokenizer;
        if (!SweepTokenizers.TryGetVocabSize(tokenizer, out var vocab))
            errors.Add(new("tokenizer", $"unknown tokenizer; known: {string.Join(", ", SweepTokenizers.Names)}"));

        var executor = request.Executor ?? defaultExecutor;
        if (!executors.Contains(executor, StringComparer.OrdinalIgnoreCase))
            errors.Add(new("executor", $"unknown executor '{executor}'; available: {string.Join(", ", executors)}"));

        var model = ValidateModel(request.Model, request.BatchSize, errors);
        var checkpoints = request.Steps >= 1 ? ValidateCheckpoints(request.Checkpoints, request.Steps, errors) : null;
        if (errors.Count > before || model is null || checkpoints is null) return null;
        return new ValidSweep(model, ProxyModelShapes.Resolve(model, vocab), tokenizer, executor.ToLowerInvariant(), checkpoints);
    }

    private static ProxyModelSpec? ValidateModel(ProxyModelSpec? model, int? batchSize, List<FieldError> errors)
    {
        if (model is null)
        {
            errors.Add(new("model", "is required: {preset, layers?, heads?, modelWidth?, contextLength?, batchSize?}"));
            return null;
        }
        var before = errors.Count;
        if (!ProxyModelShapes.IsPreset(model.Preset))
            errors.Add(new("model.preset", $"unknown preset '{model.Preset}'; known: {string.Join(", ", ProxyModelShapes.PresetNames)}"));
        AtLeastOne(model.Layers, "model.layers", errors);
        AtLeastOne(model.Heads, "model.heads", errors);
        AtLeastOne(model.ModelWidth, "model.modelWidth", errors);
        AtLeastOne(model.ContextLength, "model.contextLength", errors);
        AtLeastOne(model.BatchSize, "model.batchSize", errors);
        if (errors.Count > before) return null;

        var resolved = model with { BatchSize = batchSize ?? model.BatchSize ?? ProxyModelShapes.DefaultBatchSize };
        var shape = ProxyModelShapes.Resolve(resolved, 1);
        if (shape.ModelWidth % shape.Heads != 0)
            errors.Add(new("model.modelWidth", $"must be divisible by the number of heads ({shape.Heads}); it is {shape.ModelWidth}"));
        return errors.Count > before ? null : resolved;
    }

    private static IReadOnlyList<int>? ValidateCheckpoints(CheckpointSpec? spec, int steps, List<FieldError> errors)
    {
        if (spec is null)
        {
            errors.Add(new("checkpoints", "is required: {count, spacing:\"log\"|\"linear\"} or {steps:[…]}"));
            return null;
        }
        if (spec.Steps is not null)
        {
            if (spec.Count is not null || spec.Spacing is not null)
            {
                errors.Add(new("checkpoints", "give either steps or count with spacing, not both"));
                return null;
            }
            if (spec.Steps.Count == 0) errors.Add(new("checkpoints.steps", "must list at least one step"));
            for (var i = 0; i < spec.Steps.Count; i++)
                if (spec.Steps[i] < 1 || spec.Steps[i] > steps) errors.Add(new($"checkpoints.steps[{i}]", $"must be in [1, {steps}] (the run's steps)"));
            return errors.Any(e => e.Field.StartsWith("checkpoints")) ? null : spec.Steps.Distinct().Order().ToArray();
        }
        if (spec.Count is not { } count || count < 1 || count > steps)
        {
            errors.Add(new("checkpoints.count", $"is required without steps and must be in [1, {steps}] (the run's steps)"));
            return null;
        }
        return (spec.Spacing ?? "log") switch
        {
            "log" => CheckpointSpacing.Log(count, steps),
            "linear" => CheckpointSpacing.Linear(count, steps),
            _ => Add(errors, new("checkpoints.spacing", "must be \"log\" or \"linear\"")),
        };
    }

    private static IReadOnlyList<int>? Add(List<FieldError> errors, FieldError error)
    {
        errors.Add(error);
        return null;
    }

    private static void AtLeastOne(int? value, string field, List<FieldError> errors)
    {
        if (value is < 1) errors.Add(new(field, "must be ≥ 1"));
    }
}
