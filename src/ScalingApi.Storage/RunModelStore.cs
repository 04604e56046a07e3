using Dapper;

namespace ScalingApi.Storage;

/// <summary>What a run declares about its model (size N) and training (learning-rate schedule) beyond its mixture; kept apart from <see cref="RunStore"/>'s insert so sweeps need not know it.</summary>
public sealed class RunModelStore(DbSession db)
{
    public void SetParameters(long runId, double? parameters) => db.Connection.Execute(
        "UPDATE runs SET parameters = @parameters WHERE id = @runId", new { runId, parameters }, db.Transaction);

    /// <summary>Run id → declared model size, for the runs of an experiment that declare one.</summary>
    public IReadOnlyDictionary<long, double> Parameters(long experimentId) => db.Connection.Query<(long Id, double Parameters)>(
        "SELECT id, parameters FROM runs WHERE experiment_id = @experimentId AND parameters IS NOT NULL",
        new { experimentId }, db.Transaction).ToDictionary(x => x.Id, x => x.Parameters);

    /// <param name="scheduleJson">The schedule as the API states it (JSON); null clears it.</param>
    public void SetSchedule(long runId, string? scheduleJson) => db.Connection.Execute(
        "UPDATE runs SET lr_schedule = @scheduleJson WHERE id = @runId", new { runId, scheduleJson }, db.Transaction);

    /// <summary>The run's declared or recorded learning-rate schedule (JSON); null when it has none.</summary>
    public string? Schedule(long runId) => db.Connection.QuerySingleOrDefault<string?>(
        "SELECT lr_schedule FROM runs WHERE id = @runId", new { runId }, db.Transaction);

    /// <summary>Run id → declared learning-rate schedule (JSON), for the runs of an experiment that declare one.</summary>
    public IReadOnlyDictionary<long, string> Schedules(long experimentId) => db.Connection.Query<(long Id, string Schedule)>(
        "SELECT id, lr_schedule FROM runs WHERE experiment_id = @experimentId AND lr_schedule IS NOT NULL",
        new { experimentId }, db.Transaction).ToDictionary(x => x.Id, x => x.Schedule);
}
