namespace ScalingApi.Laws.BiMix;

/// <summary>
/// Where a domain's law was fitted: the proportions it was observed at (runs with proportion 0 excluded) and the
/// steps. Outside it the law extrapolates; the optimizer keeps to it unless asked not to.
/// </summary>
public sealed record ObservedRange(double MinProportion, double MaxProportion, double MinStep, double MaxStep);
