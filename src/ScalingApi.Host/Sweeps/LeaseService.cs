using ScalingApi.Host.Hosting;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Corpora;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Fits;
using ScalingApi.Host.Validation;
using ScalingApi.Storage;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Sweeps;

/// <summary>
/// The lease protocol's rules: who may claim which run, how heartbeats extend and revive a lease,
/// how many attempts a run gets, and when a sweep is finished. Each public method is one write
/// transaction.
/// </summary>
public sealed class LeaseService(
    DbSession db, SweepStore sweeps, LeaseStore leases, RunStore runs, RunModelStore runModels, ExperimentStore experiments, SweepEventLog events,
    CorpusLocator corpora, IOptions<SweepOptions> options, TimeProvider clock, Telemetry.ScalingApiMetrics metrics)
{
    private SweepOptions Options => options.Value;

    /// <returns>The lease, or null when nothing is claimable (all runs done or leased, or the sweep is final).</returns>
    public Lease? Claim(long sweepId, LeaseRequest request)
    {
        using var write = db.BeginWrite();
        var sweep = sweeps.Find(sweepId) ?? throw NotFoundException.Sweep(sweepId);
        if (SweepStatus.IsFinal(sweep.Status)) return null;
        var now = clock.GetUtcNow();

        SweepRunRow? run;
        if (request.TaskIndex is { } task)
        {
            run = leases.RunByTask(sweepId, task)
                  ?? throw new InvalidInputException("taskIndex", $"sweep {sweepId} has no task {task}");
            var reclaimable = run.Status == SweepStatus.Pending
                              || run.Status == SweepStatus.Leased && (IsExpired(run, now) || run.WorkerId == request.WorkerId);
            if (!reclaimable || RetireIfExhausted(sweep, run, "no attempts left")) run = null;
        }
        else
        {
            // A lapsed lease on its last attempt is retired here rather than handed out again.
            while ((run = leases.FirstClaimable(sweepId, now)) is not null && RetireIfExhausted(sweep, run, "lease expired (no heartbeat)")) { }
        }

        if (run is null)
        {
            RefreshStatus(sweep);
            write.Commit();
            return null;
        }

        var leaseId = Guid.NewGuid();
        var expires = now.AddSeconds(Options.LeaseSeconds);
        var attempt = leases.Grant(run.Id, leaseId.ToString(), request.WorkerId, expires);
        if (sweep.Status == SweepStatus.Pending) sweeps.SetStatus(sweepId, SweepStatus.Running);
        events.Append(sweepId, SweepEventTypes.RunLeased,
            new { run.RunId, run.RunName, run.TaskIndex, attempt, request.WorkerId, leaseId, expiresAt = expires });
        var lease = BuildLease(sweep, run, leaseId, attempt, expires);
        write.Commit();
        metrics.LeaseEvent("granted");
        return lease;
    }

    public HeartbeatAnswer Heartbeat(Guid leaseId, Heartbeat beat)
    {
        using var write = db.BeginWrite();
        var (sweep, run) = CurrentRun(leaseId);
        var now = clock.GetUtcNow();
        if (run.Status is SweepStatus.Cancelled || sweep.Status == SweepStatus.Cancelled)
            return new HeartbeatAnswer(false, now, "the sweep was cancelled");
        if (run.Status is SweepStatus.Completed or SweepStatus.Failed)
            return new HeartbeatAnswer(false, now, $"the run is already {run.Status}");
        if (beat.Step > sweep.Steps) throw new InvalidInputException("step", $"must be ≤ the sweep's {sweep.Steps} steps");

        var expires = now.AddSeconds(Options.LeaseSeconds);
        leases.RecordProgress(run.Id, beat.Step, beat.TokensPerSecond, beat.TrainLoss, beat.DeviceSeconds, beat.Tokens, expires);
        if (run.Status == SweepStatus.Pending)
        {
            // The reaper had given up on this lease, but nobody took the run over: the worker is alive, keep it.
            events.Append(sweep.Id, SweepEventTypes.RunResumed, new { run.RunId, run.RunName, run.TaskIndex, attempt = run.Attempts, leaseId });
        }
        if (run.ProgressEventAt is null || now - SweepTime.Parse(run.ProgressEventAt)!.Value >= TimeSpan.FromSeconds(Options.ProgressEventSeconds))
        {
            events.Append(sweep.Id, SweepEventTypes.RunProgress,
                new { run.RunId, run.RunName, run.TaskIndex, beat.Step, beat.TokensPerSecond, beat.TrainLoss });
            leases.MarkProgressEvent(run.Id);
        }
        write.Commit();
        return new HeartbeatAnswer(true, expires, null);
    }

    public void Complete(Guid leaseId, LeaseCompletion completion)
    {
        using var write = db.BeginWrite();
        var (sweep, run) = CurrentRun(leaseId);
        if (run.Status == SweepStatus.Completed) return; // a retried completion: already recorded
        if (run.Status is SweepStatus.Cancelled or SweepStatus.Failed)
            throw new ConflictException("leaseId", $"the run is {run.Status}; it cannot complete");
        leases.Complete(run.Id, sweep.Steps, completion.DeviceSeconds, completion.Tokens);
        events.Append(sweep.Id, SweepEventTypes.RunCompleted,
            new { run.RunId, run.RunName, run.TaskIndex, attempt = run.Attempts, completion.DeviceSeconds, completion.Tokens });
        RefreshStatus(sweep);
        write.Commit();
        metrics.LeaseEvent("completed");
    }

    public void Fail(Guid leaseId, LeaseFailure failure)
    {
        var error = failure.Error.Length > 4000 ? failure.Error[..4000] : failure.Error;

        using var write = db.BeginWrite();
        var (sweep, run) = CurrentRun(leaseId);
        if (run.Status is SweepStatus.Cancelled or SweepStatus.Failed) return; // nothing left to decide
        if (run.Status == SweepStatus.Completed) throw new ConflictException("leaseId", "the run already completed");
        EndAttempt(sweep, run, error, retry: failure.Retryable && run.Attempts < Options.MaxAttempts, keepLease: false);
        RefreshStatus(sweep);
        write.Commit();
        metrics.LeaseEvent("failed");
    }

    /// <summary>Returns runs whose lease lapsed to pending, or fails them on their last attempt.</summary>
    /// <returns>How many leases were reaped.</returns>
    public int ReapExpired()
    {
        using var write = db.BeginWrite();
        var expired = leases.Expired(clock.GetUtcNow());
        foreach (var group in expired.GroupBy(r => r.SweepId))
        {
            var sweep = sweeps.Find(group.Key)!;
            foreach (var run in group)
                EndAttempt(sweep, run, $"lease expired (no heartbeat for {Options.LeaseSeconds} s) on attempt {run.Attempts}",
                    retry: run.Attempts < Options.MaxAttempts, keepLease: true);
            RefreshStatus(sweep);
        }
        write.Commit();
        metrics.LeaseEvent("expired", expired.Count);
        return expired.Count;
    }

    /// <summary>Ends the attempts of a worker known to be dead (its process exited), so its runs are retried without waiting for the lease to lapse.</summary>
    public void ReleaseWorker(string workerId, string error)
    {
        using var write = db.BeginWrite();
        foreach (var run in leases.LeasedTo(workerId))
        {
            var sweep = sweeps.Find(run.SweepId)!;
            EndAttempt(sweep, run, error, retry: run.Attempts < Options.MaxAttempts, keepLease: false);
            RefreshStatus(sweep);
        }
        write.Commit();
    }

    /// <summary>Marks the sweep running, or finished once every run is final (recording the finish event once).</summary>
    public void RefreshStatus(SweepRow sweep)
    {
        var current = sweeps.Find(sweep.Id)!;
        if (SweepStatus.IsFinal(current.Status)) return;
        var all = sweeps.Runs(sweep.Id);
        if (all.All(r => SweepStatus.IsFinal(r.Status)))
        {
            var status = all.All(r => r.Status == SweepStatus.Completed) ? SweepStatus.Completed : SweepStatus.Failed;
            sweeps.SetStatus(sweep.Id, status);
            events.Append(sweep.Id, SweepEventTypes.Finished, new
            {
                status,
                completed = all.Count(r => r.Status == SweepStatus.Completed),
                failed = all.Count(r => r.Status == SweepStatus.Failed),
                cancelled = all.Count(r => r.Status == SweepStatus.Cancelled),
            });
        }
        else if (current.Status == SweepStatus.Pending && all.Any(r => r.Attempts > 0))
        {
            sweeps.SetStatus(sweep.Id, SweepStatus.Running);
        }
    }

    private void EndAttempt(SweepRow sweep, SweepRunRow run, string error, bool retry, bool keepLease)
    {
        leases.EndAttempt(run.Id, retry ? SweepStatus.Pending : SweepStatus.Failed, error, keepLease);
        events.Append(sweep.Id, retry ? (keepLease ? SweepEventTypes.RunLeaseExpired : SweepEventTypes.RunRetry) : SweepEventTypes.RunFailed,
            new { run.RunId, run.RunName, run.TaskIndex, attempt = run.Attempts, maxAttempts = Options.MaxAttempts, error });
    }

    /// <summary>A lapsed lease of a run that has used all its attempts is failed; true when that happened.</summary>
    private bool RetireIfExhausted(SweepRow sweep, SweepRunRow run, string why)
    {
        if (run.Status != SweepStatus.Leased || run.Attempts < Options.MaxAttempts) return false;
        EndAttempt(sweep, run, $"{why} on attempt {run.Attempts} of {Options.MaxAttempts}", retry: false, keepLease: false);
        return true;
    }

    /// <summary>The run a lease belongs to; 404 for a lease never granted, 410 when another lease has taken the run over.</summary>
    internal (SweepRow Sweep, SweepRunRow Run) CurrentRun(Guid leaseId)
    {
        var id = leaseId.ToString();
        var lease = leases.Lease(id) ?? throw new NotFoundException("leaseId", $"no lease {leaseId}");
        var run = leases.Run(lease.SweepRunId)!;
        if (run.LeaseId != id)
            throw new LeaseEndedException("leaseId", $"lease of attempt {lease.Attempt} has ended; the run was re-leased or returned (current attempt {run.Attempts})");
        return (sweeps.Find(run.SweepId)!, run);
    }

    private Lease BuildLease(SweepRow sweep, SweepRunRow run, Guid leaseId, int attempt, DateTimeOffset expires)
    {
        var domains = experiments.Domains(sweep.ExperimentId);
        var proportions = runs.Proportions(sweep.ExperimentId).Where(p => p.RunId == run.RunId).ToDictionary(p => p.DomainId, p => p.Proportion);
        // resolved now, so files added to a folder or glob since the sweep started are trained on too
        var files = corpora.ResolveAll(sweep.ExperimentId).ToDictionary(c => c.Domain, c => c.Files);
        return new Lease(
            leaseId, sweep.Id, sweep.ExperimentId, run.RunId, run.RunName, (int)run.TaskIndex, attempt, sweep.Tokenizer,
            domains.Select(d => new LeaseDomain(d.Name, proportions.GetValueOrDefault(d.Id), files.GetValueOrDefault(d.Name, []))).ToList(),
            JsonSerializer.Deserialize<ProxyModelSpec>(sweep.ModelJson, StoredJson.Options)!,
            (int)sweep.Steps, sweep.CheckpointStepList, (int)(run.Seed ?? sweep.Seed), Options.HeartbeatSeconds, expires,
            sweep.RunModeJson is null ? null : JsonSerializer.Deserialize<LeaseRunMode>(sweep.RunModeJson, StoredJson.Options),
            runModels.Schedule(run.RunId) is { } schedule ? RunScheduleJson.Spec(schedule) : null);
    }

    private static bool IsExpired(SweepRunRow run, DateTimeOffset now) =>
        run.LeaseExpiresAt is null || SweepTime.Parse(run.LeaseExpiresAt)!.Value < now;
}
