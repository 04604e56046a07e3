using Dapper;

namespace ScalingApi.Storage;

public sealed record NamedMixtureRow
{
    public long Id { get; init; }
    public long ExperimentId { get; init; }
    public string Name { get; init; } = "";
    public string Kind { get; init; } = "";
    public double? Temperature { get; init; }
    public string? Tokenizer { get; init; }
    public string CreatedAt { get; init; } = "";
}

public readonly record struct NamedMixtureProportionRow(long MixtureId, long DomainId, double Proportion);

/// <summary>Mixtures saved on an experiment under a name.</summary>
public sealed class NamedMixtureStore(DbSession db)
{
    private const string Columns =
        "id AS Id, experiment_id AS ExperimentId, name AS Name, kind AS Kind, temperature AS Temperature, tokenizer AS Tokenizer, created_at AS CreatedAt";

    public long Insert(long experimentId, string name, string kind, double? temperature, string? tokenizer,
        IReadOnlyDictionary<long, double> proportionsByDomainId)
    {
        var id = db.Connection.ExecuteScalar<long>(
            "INSERT INTO named_mixtures (experiment_id, name, kind, temperature, tokenizer, created_at) " +
            "VALUES (@experimentId, @name, @kind, @temperature, @tokenizer, @at) RETURNING id",
            new { experimentId, name, kind, temperature, tokenizer, at = Timestamp.Now() }, db.Transaction);
        db.Connection.Execute(
            "INSERT INTO named_mixture_proportions (mixture_id, domain_id, proportion) VALUES (@id, @DomainId, @Proportion)",
            proportionsByDomainId.Select(p => new { id, DomainId = p.Key, Proportion = p.Value }), db.Transaction);
        return id;
    }

    public NamedMixtureRow? Find(long experimentId, string name) => db.Connection.QuerySingleOrDefault<NamedMixtureRow>(
        $"SELECT {Columns} FROM named_mixtures WHERE experiment_id = @experimentId AND name = @name", new { experimentId, name }, db.Transaction);

    public IReadOnlyList<NamedMixtureRow> List(long experimentId) => db.Connection.Query<NamedMixtureRow>(
        $"SELECT {Columns} FROM named_mixtures WHERE experiment_id = @experimentId ORDER BY id", new { experimentId }, db.Transaction).AsList();

    public IReadOnlyList<NamedMixtureProportionRow> Proportions(IEnumerable<long> mixtureIds) => db.Connection.Query<NamedMixtureProportionRow>(
        "SELECT mixture_id AS MixtureId, domain_id AS DomainId, proportion AS Proportion FROM named_mixture_proportions WHERE mixture_id IN @ids",
        new { ids = mixtureIds.ToArray() }, db.Transaction).AsList();
}
