namespace ScalingApi.Host.Errors;

/// <summary>A resource the request names does not exist.</summary>
public sealed class NotFoundException(string field, string rule) : DomainException([new FieldError(field, rule)], null)
{
    // each resource's wording once, so a feature does not reach into another feature for it
    public static NotFoundException Experiment(long id) => new("id", $"no experiment {id}");
    public static NotFoundException Sweep(long id) => new("id", $"no sweep {id}");
    public static NotFoundException Fit(long id) => new("id", $"no fit {id}");
    public static NotFoundException Comparison(long id) => new("id", $"no comparison {id}");
    public static NotFoundException MixtureMethodJob(long id) => new("jobId", $"no mixture-method job {id}");
    public static NotFoundException CorpusPreparationJob(long experimentId, long jobId) =>
        new("jobId", $"experiment {experimentId} has no corpus preparation job {jobId}");

    public override DomainException WithFields(Func<string, string> rename) => new NotFoundException(rename(Errors[0].Field), Errors[0].Rule);
}
