using System.Text.Json;

namespace ScalingApi.Worker.Running;

/// <summary>
/// What talking to the service cost one completed attempt, written as <c>overhead.json</c> into the run's
/// checkpoint directory (replaced by each attempt that completes). Read by the <c>sweep-overhead</c> benchmark and
/// by people wondering whether the service slows their runs. Posting and heartbeats overlap training (the
/// trainer runs on its own thread), so their times are an upper bound on what they take from the run;
/// completing the lease happens after training and adds to it.
/// </summary>
/// <param name="RunSeconds">Wall-clock from the start of training to the end of the last event (evaluations and saves included).</param>
/// <param name="TrainingStepSeconds">Of that, time in optimizer steps, by the trainer's own step clock.</param>
/// <param name="Checkpoints">Evaluation checkpoints posted (earlier ones re-posted after a resume included).</param>
public sealed record OverheadSummary(
    int Steps,
    double RunSeconds,
    double TrainingStepSeconds,
    int Checkpoints,
    double PostingSeconds,
    int Heartbeats,
    double HeartbeatSeconds,
    double CompleteSeconds)
{
    public const string FileName = "overhead.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public void Write(string runDirectory)
    {
        Directory.CreateDirectory(runDirectory);
        File.WriteAllText(Path.Combine(runDirectory, FileName), JsonSerializer.Serialize(this, Json));
    }

    public static OverheadSummary? Read(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<OverheadSummary>(File.ReadAllText(path), Json) : null;
    }
}
