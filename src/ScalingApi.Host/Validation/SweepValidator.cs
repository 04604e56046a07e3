using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Sweeps;
using ScalingApi.Laws.Schedules;

namespace ScalingApi.Host.Validation;

/// <summary>The scalar parts of a sweep request (model, steps, checkpoints, executor); mixtures are checked by <see cref="MixturePlanner"/>.</summary>
public static class SweepValidator
{
    public const int MaxSteps = 10_000_000;

    /// <param name="Schedule">What every run trains with and records: the request's schedule over the sweep's steps, or the proxy default.</param>
    public sealed record ValidSweep(ProxyModelSpec Model, ProxyModelShape Shape, string Tokenizer, string Executor, IReadOnlyList<int> CheckpointSteps,
        LrSchedule Schedule);

    /// <summary>The rules of a sweep request that need nothing stored (for its request validator); mixtures have their own (<see cref="MixturePlanner.Rules"/>).</summary>
    public static void Rules(CreateSweepRequest request, IReadOnlyCollection<string> executors, string defaultExecutor, List<FieldError> errors)
    {
        if (request.Name is not null) FieldRules.Name(request.Name, "name", errors);
        if (request.Mixtures is null || request.Mixtures.Count == 0) errors.Add(new("mixtures", "is required: at least one mixture or design"));
        if (request.Steps < 1 || request.Steps > MaxSteps) errors.Add(new("steps", $"must be an integer in [1, {MaxSteps}]"));
        if (request.BatchSize is < 1) errors.Add(new("batchSize", "must be ≥ 1"));
        if (request.Tokenizer is { } tokenizer) TrainableTokenizer(tokenizer, errors);

        Executor(request.Executor, executors, defaultExecutor, errors);
        ModelRules(request.Model, request.BatchSize, errors);
        if (request.Steps >= 1) CheckpointRules(request.Checkpoints, request.Steps, errors);
        if (request.Steps is >= 1 and <= MaxSteps) ScheduleRules(request.LearningRateSchedule, request.Steps, errors);
    }

    /// <summary>A request that passed <see cref="Rules"/>, with the experiment's tokenizer when it names none (which must be one a sweep trains with).</summary>
    /// <returns>Null when the experiment's tokenizer is not trainable (then <paramref name="errors"/> says so).</returns>
    public static ValidSweep? Resolve(CreateSweepRequest request, string defaultExecutor, string experimentTokenizer, List<FieldError> errors)
    {
        var tokenizer = request.Tokenizer ?? experimentTokenizer;
        if (!TrainableTokenizer(tokenizer, errors)) return null;
        SweepTokenizers.TryGetVocabSize(tokenizer, out var vocab);
        var model = request.Model with { BatchSize = request.BatchSize ?? request.Model.BatchSize ?? ProxyModelShapes.DefaultBatchSize };
        var checkpoints = request.Checkpoints.Steps is { } steps
            ? steps.Distinct().Order().ToArray()
            : (request.Checkpoints.Spacing ?? "log") == "log"
                ? CheckpointSpacing.Log(request.Checkpoints.Count!.Value, request.Steps)
                : CheckpointSpacing.Linear(request.Checkpoints.Count!.Value, request.Steps);
        return new ValidSweep(model, ProxyModelShapes.Resolve(model, vocab), tokenizer, (request.Executor ?? defaultExecutor).ToLowerInvariant(), checkpoints,
            LearningRateScheduleValidator.Parse(OverSteps(request.LearningRateSchedule, request.Steps)) ?? ProxyTrainingSchedule.For(request.Steps));
    }

    /// <summary>An executor the host has (null: the default, Sweeps:DefaultExecutor).</summary>
    public static void Executor(string? executor, IReadOnlyCollection<string> executors, string defaultExecutor, List<FieldError> errors)
    {
        executor ??= defaultExecutor;
        if (!executors.Contains(executor, StringComparer.OrdinalIgnoreCase))
            errors.Add(new("executor", $"unknown executor '{executor}'; available: {string.Join(", ", executors)}"));
    }

    private static bool TrainableTokenizer(string tokenizer, List<FieldError> errors)
    {
        if (SweepTokenizers.TryGetVocabSize(tokenizer, out _)) return true;
        errors.Add(new("tokenizer", $"unknown tokenizer; known: {string.Join(", ", SweepTokenizers.Names)}"));
        return false;
    }

    private static void ModelRules(ProxyModelSpec? model, int? batchSize, List<FieldError> errors)
    {
        if (model is null)
        {
            errors.Add(new("model", "is required: {preset, layers?, heads?, modelWidth?, contextLength?, batchSize?}"));
            return;
        }
        var before = errors.Count;
        if (!ProxyModelShapes.IsPreset(model.Preset))
            errors.Add(new("model.preset", $"unknown preset '{model.Preset}'; known: {string.Join(", ", ProxyModelShapes.PresetNames)}"));
        AtLeastOne(model.Layers, "model.layers", errors);
        AtLeastOne(model.Heads, "model.heads", errors);
        AtLeastOne(model.ModelWidth, "model.modelWidth", errors);
        AtLeastOne(model.ContextLength, "model.contextLength", errors);
        AtLeastOne(model.BatchSize, "model.batchSize", errors);
        if (errors.Count > before) return;

        var shape = ProxyModelShapes.Resolve(model with { BatchSize = batchSize ?? model.BatchSize ?? ProxyModelShapes.DefaultBatchSize }, 1);
        if (shape.ModelWidth % shape.Heads != 0)
            errors.Add(new("model.modelWidth", $"must be divisible by the number of heads ({shape.Heads}); it is {shape.ModelWidth}"));
    }

    /// <summary>A sweep's schedule spans its steps: a shape's <c>totalSteps</c> is the sweep's steps (and may be omitted), a list has a rate per step.</summary>
    private static void ScheduleRules(LearningRateScheduleSpec? spec, int steps, List<FieldError> errors)
    {
        const string field = "learningRateSchedule";
        if (spec is null) return;
        if (LearningRateScheduleValidator.IsExplicit(spec))
        {
            if (spec.Rates is { Count: > 0 } rates && rates.Count != steps)
                errors.Add(new(field + ".rates", $"must list one rate per step: {steps} rates (the sweep's steps), not {rates.Count}"));
        }
        else if (spec.TotalSteps is { } total && total != steps)
            errors.Add(new(field + ".totalSteps", $"must equal steps ({steps}) or be omitted"));
        LearningRateScheduleValidator.Validate(OverSteps(spec, steps), field, errors);
    }

    /// <summary>The spec with a shape's total length set to the sweep's steps (a list keeps its own length).</summary>
    private static LearningRateScheduleSpec? OverSteps(LearningRateScheduleSpec? spec, int steps) =>
        spec is null || LearningRateScheduleValidator.IsExplicit(spec) ? spec : spec with { TotalSteps = steps };

    private static void CheckpointRules(CheckpointSpec? spec, int steps, List<FieldError> errors)
    {
        if (spec is null) errors.Add(new("checkpoints", "is required: {count, spacing:\"log\"|\"linear\"} or {steps:[…]}"));
        else if (spec.Steps is not null)
        {
            if (spec.Count is not null || spec.Spacing is not null)
            {
                errors.Add(new("checkpoints", "give either steps or count with spacing, not both"));
                return;
            }
            if (spec.Steps.Count == 0) errors.Add(new("checkpoints.steps", "must list at least one step"));
            for (var i = 0; i < spec.Steps.Count; i++)
                if (spec.Steps[i] < 1 || spec.Steps[i] > steps) errors.Add(new($"checkpoints.steps[{i}]", $"must be in [1, {steps}] (the run's steps)"));
        }
        else if (spec.Count is not { } count || count < 1 || count > steps)
            errors.Add(new("checkpoints.count", $"is required without steps and must be in [1, {steps}] (the run's steps)"));
        else if (spec.Spacing is not (null or "log" or "linear")) errors.Add(new("checkpoints.spacing", "must be \"log\" or \"linear\""));
    }

    private static void AtLeastOne(int? value, string field, List<FieldError> errors)
    {
        if (value is < 1) errors.Add(new(field, "must be ≥ 1"));
    }
}
