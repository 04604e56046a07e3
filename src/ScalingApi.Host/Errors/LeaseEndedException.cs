namespace ScalingApi.Host.Errors;

/// <summary>A worker's lease has ended: its run was re-leased or returned, so the worker must stop.</summary>
public sealed class LeaseEndedException(string field, string rule) : DomainException([new FieldError(field, rule)], null)
{
    public override DomainException WithFields(Func<string, string> rename) => new LeaseEndedException(rename(Errors[0].Field), Errors[0].Rule);
}
