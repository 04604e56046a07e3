using ScalingApi.Contracts.Workers;

namespace ScalingApi.Training.Model;

/// <summary>Shape of a decoder-only GPT proxy. Context is the number of input tokens per sequence.</summary>
public sealed record GptConfig(int VocabSize, int Layers, int Heads, int DModel, int Context, double Dropout = 0.0)
{
    /// <summary>The model part of a resolved proxy shape (the batch size belongs to the training options).</summary>
    public static GptConfig From(ProxyModelShape shape) =>
        new(shape.VocabSize, shape.Layers, shape.Heads, shape.ModelWidth, shape.ContextLength);

    /// <summary>Throws ArgumentException naming the offending field when the shape cannot build a model.</summary>
    public void Validate()
    {
        if (VocabSize < 2) throw new ArgumentException("must be at least 2", nameof(VocabSize));
        if (Layers < 1) throw new ArgumentException("must be at least 1", nameof(Layers));
        if (Heads < 1) throw new ArgumentException("must be at least 1", nameof(Heads));
        if (DModel < 1 || DModel % Heads != 0)
            throw new ArgumentException("must be positive and divisible by Heads", nameof(DModel));
        if (Context < 1) throw new ArgumentException("must be at least 1", nameof(Context));
        if (Dropout is < 0 or >= 1) throw new ArgumentException("must be in [0, 1)", nameof(Dropout));
    }
}
