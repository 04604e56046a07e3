namespace ScalingApi.Worker.Api;

/// <summary>One element of the body of <c>POST /api/experiments/{id}/observations</c>: a run's loss on one domain after Step steps.</summary>
public sealed record ObservationRow(string Run, int Step, string Domain, double Loss);
