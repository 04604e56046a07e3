namespace ScalingApi.Training.Optimization;

public enum ClippingKind { None, GlobalNorm, AdaGc }

/// <summary>Gradient clipping choice: global-norm clipping to MaxNorm, or AdaGC with its options.</summary>
public sealed record ClippingOptions(ClippingKind Kind = ClippingKind.GlobalNorm, double MaxNorm = 1.0, AdaGcOptions? AdaGc = null)
{
    public static ClippingOptions None => new(ClippingKind.None);
    public static ClippingOptions Global(double maxNorm = 1.0) => new(ClippingKind.GlobalNorm, maxNorm);
    public static ClippingOptions Adaptive(AdaGcOptions? options = null) => new(ClippingKind.AdaGc, AdaGc: options ?? new AdaGcOptions());
}
