using Dapper;

namespace ScalingApi.Storage;

/// <summary>The corpus side of an experiment: its statistics tokenizer and each domain's corpus reference.</summary>
public sealed class ExperimentCorporaStore(DbSession db)
{
    /// <summary>Records the tokenizer and the references (by domain position) inside the caller's write transaction.</summary>
    public void Attach(long experimentId, string tokenizer, IReadOnlyList<string?> corpusByPosition)
    {
        db.Connection.Execute("UPDATE experiments SET tokenizer = @tokenizer WHERE id = @experimentId",
            new { experimentId, tokenizer }, db.Transaction);
        db.Connection.Execute("UPDATE domains SET corpus = @corpus WHERE experiment_id = @experimentId AND position = @position",
            corpusByPosition.Select((corpus, position) => new { experimentId, position, corpus }), db.Transaction);
    }
}
