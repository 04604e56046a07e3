using System.Net;
using ScalingApi.Contracts.Workers;
using ScalingApi.Corpora.Reading;
using ScalingApi.Corpora.Tokenization;
using ScalingApi.Training.Trainer;
using ScalingApi.Worker.Api;
using ScalingApi.Worker.Corpus;

namespace ScalingApi.Worker.Running;

/// <summary>
/// Trains one leased run: loads the corpus, trains (resuming from the run's latest checkpoint if any),
/// heartbeats, posts each checkpoint's losses, and completes or fails the lease.
/// </summary>
public sealed class LeaseRunner(WorkerApiClient api, WorkerSettings settings, StopSignals signals, TransientRetry retry)
{
    public async Task<LeaseOutcome> RunAsync(Lease lease)
    {
        var runDirectory = RunCheckpointPaths.RunDirectory(settings.CheckpointRoot, lease);
        var progress = new ProgressTracker();
        await using var heartbeat = new HeartbeatLoop(api, lease.LeaseId, HeartbeatLoop.IntervalFor(lease.HeartbeatSeconds), progress.Snapshot, lease.ExpiresAt);
        using var training = CancellationTokenSource.CreateLinkedTokenSource(heartbeat.StopRequested);
        ProxyTrainer? trainer = null;
        // A stop signal during training asks the trainer to save the step it has reached and return (within one
        // step); cancelling after the grace period is only a backstop. Before training there is nothing to save.
        using var onSignal = signals.Stopping.Register(() =>
        {
            if (Volatile.Read(ref trainer) is { } running) StopTraining(running, training);
            else training.Cancel();
        });
        Log(lease, $"leased (attempt {lease.Attempt}, {lease.Steps} steps, learning rate {lease.LearningRateSchedule?.Kind ?? "default"}, checkpoints in {runDirectory})");
        heartbeat.Start();
        try
        {
            var tokenizer = TokenizerCatalog.Get(lease.Tokenizer);
            var options = TrainingOptionsFactory.Create(lease, tokenizer.VocabularySize, settings, runDirectory);
            var domains = await Task.Run(() => CorpusLoader.Load(lease.Domains, tokenizer, options.Model.Context + 1, training.Token), training.Token);
            var poster = new ObservationPoster(api, lease.ExperimentId, lease.RunName, lease.Domains.Select(d => d.Name).ToArray(), retry);
            var tokensPerStep = (long)options.BatchSize * options.Model.Context;

            var started = new ProxyTrainer(options, domains, lease.Domains.Select(d => d.Proportion).ToArray());
            Volatile.Write(ref trainer, started);
            // a signal that came before the trainer existed has already cancelled training
            progress.TrainingStarted();
            var first = true;
            StoppedOnRequest? stopped = null;
            await foreach (var e in started.RunAsync(training.Token))
            {
                if (first)
                {
                    first = false;
                    var start = e is ResumedFromCheckpoint r ? r.Step : 0;
                    AttemptLog.Append(runDirectory, $"lease={lease.LeaseId} attempt={lease.Attempt} worker={settings.WorkerId} start-step={start}");
                }
                await OnEventAsync(lease, e, progress, poster, tokensPerStep);
                stopped ??= e as StoppedOnRequest;
            }
            if (stopped is not null) return Interrupted(lease, runDirectory, stopped.Step);

            await heartbeat.StopAsync();
            var completion = progress.Completion();
            var completing = System.Diagnostics.Stopwatch.StartNew();
            // a retried complete after a lost answer must not turn into a failure; the service treats it as done
            await retry.RunAsync(async ct => { await api.CompleteAsync(lease.LeaseId, completion, ct); return true; }, CancellationToken.None);
            AttemptLog.Append(runDirectory, $"lease={lease.LeaseId} completed");
            var overhead = new OverheadSummary(lease.Steps, completion.DeviceSeconds, progress.TrainingStepSeconds, poster.BatchesPosted,
                poster.TimePosting.TotalSeconds, heartbeat.BeatsSent, heartbeat.TimeBeating.TotalSeconds, completing.Elapsed.TotalSeconds);
            overhead.Write(runDirectory);
            var wall = Math.Max(completion.DeviceSeconds, 1e-9);
            Log(lease, $"completed in {completion.DeviceSeconds:F1}s; service overhead: {poster.BatchesPosted} observation posts " +
                       $"{poster.TimePosting.TotalSeconds:F3}s ({100 * poster.TimePosting.TotalSeconds / wall:F2}% of the run), " +
                       $"{heartbeat.BeatsSent} heartbeats {heartbeat.TimeBeating.TotalSeconds:F3}s, complete {completing.Elapsed.TotalSeconds:F3}s " +
                       $"(in {OverheadSummary.FileName})");
            return LeaseOutcome.Completed;
        }
        catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Gone)
        {
            // the service ended this lease (sweep cancelled, run taken over) while we were finishing
            training.Cancel();
            await heartbeat.StopAsync();
            TryAppend(runDirectory, $"lease={lease.LeaseId} stopped-by-service");
            Log(lease, $"stopped: {e.Message}");
            return LeaseOutcome.StoppedByService;
        }
        catch (Exception) when (heartbeat.LeaseLost)
        {
            // nobody manages this worker any more; the run resumes from its latest checkpoint when it is leased again
            training.Cancel();
            await heartbeat.StopAsync();
            TryAppend(runDirectory, $"lease={lease.LeaseId} lease-lost");
            Log(lease, $"abandoned: {heartbeat.StopReason}; checkpoints kept in {runDirectory}");
            return LeaseOutcome.LeaseLost;
        }
        catch (OperationCanceledException) when (heartbeat.StopRequested.IsCancellationRequested)
        {
            AttemptLog.Append(runDirectory, $"lease={lease.LeaseId} stopped-by-service");
            Log(lease, $"stopped: {heartbeat.StopReason}");
            return LeaseOutcome.StoppedByService;
        }
        catch (OperationCanceledException) when (signals.Stopping.IsCancellationRequested)
        {
            return Interrupted(lease, runDirectory, stepReached: null); // cut off by the grace period or before training
        }
        catch (Exception e)
        {
            training.Cancel(); // the trainer runs on its own thread; stop it before the next lease starts
            await heartbeat.StopAsync();
            Log(lease, $"failed: {e}");
            TryAppend(runDirectory, $"lease={lease.LeaseId} failed: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            await ReportFailureAsync(lease, e);
            return LeaseOutcome.Failed;
        }
    }

    private void StopTraining(ProxyTrainer trainer, CancellationTokenSource training)
    {
        trainer.RequestCheckpointAndStop();
        try { training.CancelAfter(settings.EffectiveStopGrace); }
        catch (ObjectDisposedException) { } // the lease ended meanwhile
    }

    private LeaseOutcome Interrupted(Lease lease, string runDirectory, int? stepReached)
    {
        var at = stepReached is { } step ? $" step={step}" : "";
        AttemptLog.Append(runDirectory, $"lease={lease.LeaseId} interrupted-by={signals.Signal}{at}");
        Log(lease, $"interrupted by {signals.Signal}{(stepReached is { } s ? $" at step {s}" : "")}; the lease is left to expire and the run will resume from its latest checkpoint");
        return LeaseOutcome.Interrupted;
    }

    private async Task OnEventAsync(Lease lease, TrainingEvent e, ProgressTracker progress, ObservationPoster poster, long tokensPerStep)
    {
        switch (e)
        {
            case ResumedFromCheckpoint resumed:
                progress.Resumed(resumed.Step, tokensPerStep);
                Log(lease, $"resumed from checkpoint step {resumed.Step} ({resumed.Path}); re-posting {resumed.EarlierEvaluations.Count} earlier checkpoint(s)");
                // the previous attempt may have died between saving and posting; re-posting is a no-op otherwise
                foreach (var earlier in resumed.EarlierEvaluations) await poster.PostAsync(earlier, CancellationToken.None);
                break;
            case ProgressReport report:
                progress.Report(report);
                Log(lease, $"step {report.Step}/{report.TotalSteps} loss {report.TrainLoss:F4} lr {report.LearningRate:G3} {report.TokensPerSecond:F0} tokens/s");
                break;
            case EvaluationReport evaluation:
                // posted even while stopping: the loss is measured, losing it would cost a re-run of the interval
                await poster.PostAsync(evaluation, CancellationToken.None);
                Log(lease, $"checkpoint step {evaluation.Step}: {string.Join(", ", evaluation.DomainLoss.Select(kv => $"{kv.Key}={kv.Value:F4}"))}");
                break;
            case DomainWeightsReport weights:
                // the trajectory and, at the last step, the result: posted even while stopping, like losses
                await retry.RunAsync(async ct =>
                {
                    await api.PostDomainWeightsAsync(lease.LeaseId, new DomainWeightsPoint(weights.Step, weights.Weights, weights.Average), ct);
                    return true;
                }, CancellationToken.None);
                break;
            case CheckpointSaved saved:
                Log(lease, $"saved checkpoint step {saved.Step}");
                break;
        }
    }

    internal async Task ReportFailureAsync(Lease lease, Exception error)
    {
        var failure = new LeaseFailure($"{error.GetType().Name}: {error.Message}", Retryable: IsRetryable(error));
        try
        {
            await retry.RunAsync(async ct => { await api.FailAsync(lease.LeaseId, failure, ct); return true; }, CancellationToken.None);
        }
        catch (Exception e)
        {
            // the lease then expires and the service re-leases the run; nothing else to do
            Log(lease, $"could not report the failure: {e.Message}");
        }
    }

    /// <summary>Errors in the lease itself or the corpus fail the same way every time; anything else may pass.</summary>
    public static bool IsRetryable(Exception error) => error switch
    {
        ArgumentException or InvalidDataException or MalformedCorpusException => false,
        HttpRequestException { StatusCode: { } status } => status is not (HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity),
        _ => true,
    };

    private static void TryAppend(string runDirectory, string line)
    {
        try { AttemptLog.Append(runDirectory, line); } catch (IOException) { }
    }

    private static void Log(Lease lease, string message) =>
        Console.WriteLine($"[{DateTimeOffset.UtcNow:HH:mm:ss}] run {lease.RunName} (sweep {lease.SweepId}, run id {lease.RunId}): {message}");
}
