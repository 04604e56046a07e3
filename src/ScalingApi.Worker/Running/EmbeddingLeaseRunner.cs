using System.Diagnostics;
using System.Net;
using ScalingApi.Contracts.Workers;
using ScalingApi.Corpora.Tokenization;
using ScalingApi.Training.Checkpoints;
using ScalingApi.Training.Embeddings;
using ScalingApi.Worker.Api;
using ScalingApi.Worker.Corpus;

namespace ScalingApi.Worker.Running;

/// <summary>
/// Runs an embedding lease (Chameleon): loads the lease's domains, embeds them with the checkpoint the mode names,
/// posts the vectors and completes the lease. Nothing trains, so there is nothing to checkpoint or resume: an
/// interrupted pass is simply run again by the next attempt.
/// </summary>
public sealed class EmbeddingLeaseRunner(WorkerApiClient api, WorkerSettings settings, StopSignals signals, TransientRetry retry, LeaseRunner failures)
{
    public async Task<LeaseOutcome> RunAsync(Lease lease)
    {
        var mode = lease.Mode!;
        var progress = new ProgressTracker();
        await using var heartbeat = new HeartbeatLoop(api, lease.LeaseId, HeartbeatLoop.IntervalFor(lease.HeartbeatSeconds), progress.Snapshot);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(heartbeat.StopRequested, signals.Stopping);
        heartbeat.Start();
        progress.TrainingStarted();
        var clock = Stopwatch.StartNew();
        try
        {
            var checkpoint = ModeCheckpoints.Latest(settings.CheckpointRoot, mode.Checkpoint);
            var context = CheckpointStore.ReadState(checkpoint).Run.Model.Context;
            var tokenizer = TokenizerCatalog.Get(lease.Tokenizer);
            var domains = await Task.Run(() => CorpusLoader.Load(lease.Domains, tokenizer, context + 1, work.Token), work.Token);
            var result = await Task.Run(() =>
            {
                if (settings.Threads is { } threads) TorchSharp.torch.set_num_threads(threads);
                return DomainEmbedder.Embed(checkpoint, domains, mode.WindowsPerDomain ?? 64, unchecked((ulong)(mode.Seed ?? lease.Seed)),
                    cancellationToken: work.Token);
            }, work.Token);
            var posted = new DomainEmbeddings(result.Vectors, result.Layer, result.WindowsPerDomain);
            await retry.RunAsync(async ct => { await api.PostEmbeddingsAsync(lease.LeaseId, posted, ct); return true; }, CancellationToken.None);
            await heartbeat.StopAsync();
            var completion = new LeaseCompletion(clock.Elapsed.TotalSeconds, result.TokensEmbedded);
            await retry.RunAsync(async ct => { await api.CompleteAsync(lease.LeaseId, completion, ct); return true; }, CancellationToken.None);
            Log(lease, $"embedded {lease.Domains.Count} domains ({result.WindowsPerDomain} windows each, block {result.Layer}) with {checkpoint} in {completion.DeviceSeconds:F1}s");
            return LeaseOutcome.Completed;
        }
        catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Gone)
        {
            await heartbeat.StopAsync();
            Log(lease, $"stopped: {e.Message}");
            return LeaseOutcome.StoppedByService;
        }
        catch (OperationCanceledException) when (heartbeat.StopRequested.IsCancellationRequested)
        {
            Log(lease, $"stopped: {heartbeat.StopReason}");
            return LeaseOutcome.StoppedByService;
        }
        catch (OperationCanceledException) when (signals.Stopping.IsCancellationRequested)
        {
            Log(lease, $"interrupted by {signals.Signal}; the lease is left to expire and the pass runs again");
            return LeaseOutcome.Interrupted;
        }
        catch (Exception e)
        {
            await heartbeat.StopAsync();
            Log(lease, $"failed: {e}");
            await failures.ReportFailureAsync(lease, e);
            return LeaseOutcome.Failed;
        }
    }

    private static void Log(Lease lease, string message) =>
        Console.WriteLine($"[{DateTimeOffset.UtcNow:HH:mm:ss}] embedding {lease.RunName} (sweep {lease.SweepId}, run id {lease.RunId}): {message}");
}
