namespace ScalingApi.Host.Observations;

/// <summary>
/// An observation as posted, with where it came from so errors can point at it:
/// <see cref="Field"/> is a JSON path prefix like <c>[12]</c>, empty for the long CSV body, or the
/// file name of a wide-layout upload; <see cref="Line"/> is the CSV line.
/// </summary>
public readonly record struct PostedObservation(string Run, long Step, string Domain, double Loss, string Field, int? Line);
