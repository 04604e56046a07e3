using Dapper;

namespace ScalingApi.Storage;

public sealed class ExperimentStore(DbSession db)
{
    private const string Columns = "id AS Id, name AS Name, tokens_per_step AS TokensPerStep, created_at AS CreatedAt, tokenizer AS Tokenizer";

    public long Insert(string name, double? tokensPerStep, IReadOnlyList<(string Name, double? Tokens)> domains)
    {
        var id = db.Connection.ExecuteScalar<long>(
            "INSERT INTO experiments (name, tokens_per_step, created_at) VALUES (@name, @tokensPerStep, @at) RETURNING id",
            new { name, tokensPerStep, at = Timestamp.Now() }, db.Transaction);
        for (var i = 0; i < domains.Count; i++)
        {
            db.Connection.Execute(
                "INSERT INTO domains (experiment_id, position, name, tokens) VALUES (@id, @i, @name, @tokens)",
                new { id, i, name = domains[i].Name, tokens = domains[i].Tokens }, db.Transaction);
        }
        return id;
    }

    public ExperimentRow? Find(long id) => db.Connection.QuerySingleOrDefault<ExperimentRow>(
        $"SELECT {Columns} FROM experiments WHERE id = @id", new { id }, db.Transaction);

    public IReadOnlyList<ExperimentRow> List() => db.Connection.Query<ExperimentRow>(
        $"SELECT {Columns} FROM experiments ORDER BY id", transaction: db.Transaction).AsList();

    /// <summary>Domains in position order (the numerics' index order).</summary>
    public IReadOnlyList<DomainRow> Domains(long experimentId) => db.Connection.Query<DomainRow>(
        "SELECT id AS Id, experiment_id AS ExperimentId, position AS Position, name AS Name, tokens AS Tokens, corpus AS Corpus " +
        "FROM domains WHERE experiment_id = @experimentId ORDER BY position",
        new { experimentId }, db.Transaction).AsList();

    public ILookup<long, DomainRow> DomainsOf(IEnumerable<long> experimentIds) => db.Connection.Query<DomainRow>(
        "SELECT id AS Id, experiment_id AS ExperimentId, position AS Position, name AS Name, tokens AS Tokens, corpus AS Corpus " +
        "FROM domains WHERE experiment_id IN @ids ORDER BY experiment_id, position",
        new { ids = experimentIds.ToArray() }, db.Transaction).ToLookup(d => d.ExperimentId);
}
