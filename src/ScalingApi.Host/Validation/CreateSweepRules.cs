using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Sweeps;
using ScalingApi.Host.Sweeps.Executors;

namespace ScalingApi.Host.Validation;

/// <summary><c>POST /api/experiments/{id}/sweeps</c>: model, steps, checkpoints, executor, tokenizer when named, and the mixture list's own rules;
/// the mixtures' domain names, saved mixtures, designs' data and the experiment's tokenizer are checked by the service.</summary>
public sealed class CreateSweepRules(SweepExecutors executors, IOptions<SweepOptions> options) : IRequestValidator<CreateSweepRequest>
{
    public List<FieldError> Validate(CreateSweepRequest request)
    {
        var errors = new List<FieldError>();
        SweepValidator.Rules(request, executors.Names, options.Value.DefaultExecutor, errors);
        if (request.Mixtures is not null) MixturePlanner.Rules(request.Mixtures, options.Value.MaxRuns, errors);
        return errors;
    }
}
