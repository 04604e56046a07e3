namespace ScalingApi.Host.Errors;

/// <summary>
/// Every broken rule of a large body counted, the first <see cref="ApiProblems.MaxReportedErrors"/> kept: an upload
/// with many bad rows is answered in one round trip with the errors to fix first and how many there are in all.
/// </summary>
public sealed class CappedErrors
{
    private readonly List<FieldError> _kept = [];

    public int Total { get; private set; }

    public void Add(FieldError error)
    {
        Total++;
        if (_kept.Count < ApiProblems.MaxReportedErrors) _kept.Add(error);
    }

    public void ThrowIfAny()
    {
        // reading and validating add theirs in turn; a client fixes a file top to bottom
        if (Total > 0) throw new InvalidInputException(_kept.OrderBy(e => e.Line ?? 0).ToList(), Total);
    }
}
