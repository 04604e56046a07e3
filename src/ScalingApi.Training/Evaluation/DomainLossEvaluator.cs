using ScalingApi.Training.Data;
using ScalingApi.Training.Model;
using static TorchSharp.torch;

namespace ScalingApi.Training.Evaluation;

/// <summary>Mean next-token cross-entropy (nats/token) per domain over fixed validation windows.</summary>
public sealed class DomainLossEvaluator
{
    private readonly ValidationWindows _windows;
    private readonly int _batchSize;

    public DomainLossEvaluator(ValidationWindows windows, int batchSize)
    {
        this._windows = windows;
        this._batchSize = batchSize;
    }

    public IReadOnlyDictionary<string, double> Evaluate(GptModel model, Device device)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            var losses = new Dictionary<string, double>();
            var length = _windows.WindowLength;
            foreach (var (name, tokens, count) in _windows.Domains)
            {
                var sum = 0.0;
                for (var first = 0; first < count; first += _batchSize)
                {
                    using var scope = NewDisposeScope();
                    var rows = Math.Min(_batchSize, count - first);
                    var batch = tensor(tokens.AsSpan(first * length, rows * length).ToArray(), [rows, length]).to(device);
                    var logits = model.forward(batch[.., ..^1]);
                    var targets = batch[.., 1..];
                    sum += nn.functional.cross_entropy(logits.flatten(0, 1), targets.flatten(), reduction: nn.Reduction.Sum)
                        .to(ScalarType.Float64).item<double>();
                }
                losses[name] = sum / ((long)count * (length - 1));
            }
            return losses;
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
