using System.Diagnostics.Metrics;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Telemetry;

/// <summary>
/// The service's own instruments (meter <see cref="MeterName"/>), next to ASP.NET Core's request metrics: how long fits
/// take, how many sweeps were launched and what happened to leases, and gauges of sweeps and sweep runs by status read
/// from storage at each scrape (so they are right after a restart, unlike counters).
/// </summary>
public sealed class ScalingApiMetrics
{
    public const string MeterName = "ScalingApi";

    private readonly Histogram<double> _fitDuration;
    private readonly Counter<long> _sweepsLaunched;
    private readonly Counter<long> _leaseEvents;

    public ScalingApiMetrics(IMeterFactory meters, IServiceScopeFactory scopes)
    {
        var meter = meters.Create(MeterName);
        _fitDuration = meter.CreateHistogram<double>("scalingapi.fit.duration", "s", "Time to fit a law (bootstrap and hold-out included), per law.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        _sweepsLaunched = meter.CreateCounter<long>("scalingapi.sweeps.launched", "{sweep}", "Sweeps created and submitted to an executor.");
        _leaseEvents = meter.CreateCounter<long>("scalingapi.leases", "{lease}", "Lease events: granted, completed, failed, expired.");
        meter.CreateObservableGauge("scalingapi.sweeps", () => ByStatus(scopes, counts => counts.Sweeps()), "{sweep}", "Sweeps by status.");
        meter.CreateObservableGauge("scalingapi.sweep_runs", () => ByStatus(scopes, counts => counts.Runs()), "{run}",
            "Sweep runs by status; status=leased counts the live leases.");
    }

    public void FitRecorded(string law, double elapsedMilliseconds) =>
        _fitDuration.Record(elapsedMilliseconds / 1000, new KeyValuePair<string, object?>("law", law));

    public void SweepLaunched(string executor) => _sweepsLaunched.Add(1, new KeyValuePair<string, object?>("executor", executor));

    public void LeaseEvent(string kind, int count = 1)
    {
        if (count > 0) _leaseEvents.Add(count, new KeyValuePair<string, object?>("event", kind));
    }

    private static IEnumerable<Measurement<long>> ByStatus(IServiceScopeFactory scopes, Func<SweepStatusCounts, IReadOnlyDictionary<string, long>> read)
    {
        using var scope = scopes.CreateScope();
        return read(scope.ServiceProvider.GetRequiredService<SweepStatusCounts>())
            .Select(x => new Measurement<long>(x.Value, new KeyValuePair<string, object?>("status", x.Key)))
            .ToList();
    }
}
