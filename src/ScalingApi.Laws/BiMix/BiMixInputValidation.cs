namespace ScalingApi.Laws.BiMix;

/// <summary>Structural checks on fit input; the host validates user input earlier, these guard the numerics.</summary>
internal static class BiMixInputValidation
{
    public const int MaxBootstrapResamples = 100_000;

    public static void Validate(BiMixData data, BiMixFitOptions options)
    {
        if (!(options.HuberDelta > 0) || !double.IsFinite(options.HuberDelta))
            throw new ArgumentException("HuberDelta must be finite and > 0.", nameof(options));
        if (options.BootstrapResamples is < 0 or > MaxBootstrapResamples)
            throw new ArgumentException($"BootstrapResamples must be between 0 and {MaxBootstrapResamples}.", nameof(options));
        if (options.MaxDegreeOfParallelism is < 1)
            throw new ArgumentException("MaxDegreeOfParallelism must be ≥ 1 when set.", nameof(options));
        var m = data.Domains.Count;
        if (m == 0) throw new InsufficientDataException("There are no domains to fit.");
        foreach (var run in data.Runs)
        {
            if (run.Proportions.Count != m)
                throw new ArgumentException($"Run '{run.Name}' has {run.Proportions.Count} proportions for {m} domains.", nameof(data));
            if (run.Proportions.Any(p => !double.IsFinite(p) || p < 0))
                throw new ArgumentException($"Run '{run.Name}' has a proportion that is negative or not finite.", nameof(data));
        }
        foreach (var o in data.Observations)
        {
            if (o.Run < 0 || o.Run >= data.Runs.Count)
                throw new ArgumentException($"An observation refers to run index {o.Run}, but there are {data.Runs.Count} runs.", nameof(data));
            if (o.Domain < 0 || o.Domain >= m)
                throw new ArgumentException($"An observation refers to domain index {o.Domain}, but there are {m} domains.", nameof(data));
            if (!(o.Step > 0) || !double.IsFinite(o.Step))
                throw new ArgumentException($"Run '{data.Runs[o.Run].Name}', domain '{data.Domains[o.Domain]}': step {o.Step} must be finite and > 0.", nameof(data));
            if (!(o.Loss > 0) || !double.IsFinite(o.Loss))
                throw new ArgumentException($"Run '{data.Runs[o.Run].Name}', domain '{data.Domains[o.Domain]}', step {o.Step}: loss {o.Loss} must be finite and > 0.", nameof(data));
        }
    }
}
