using Microsoft.Data.Sqlite;

namespace ScalingApi.Storage;

/// <summary>
/// One connection per request scope, shared by every store, so a write request can run all its
/// store calls inside one transaction (all or nothing).
/// </summary>
public sealed class DbSession(SqliteConnectionFactory factory) : IDisposable
{
    private SqliteConnection? _connection;

    public SqliteConnection Connection => _connection ??= factory.Open();

    /// <summary>The open write transaction, if any; stores pass it to every command.</summary>
    public SqliteTransaction? Transaction { get; private set; }

    /// <summary>
    /// Starts the request's write transaction. It is IMMEDIATE (takes the write lock up front) so
    /// two concurrent writers queue on busy_timeout instead of failing on lock upgrade.
    /// Dispose without <see cref="WriteScope.Commit"/> rolls everything back.
    /// </summary>
    public WriteScope BeginWrite()
    {
        if (Transaction is not null) throw new InvalidOperationException("A write transaction is already open.");
        Transaction = Connection.BeginTransaction(deferred: false);
        return new WriteScope(this);
    }

    private void EndWrite(bool commit)
    {
        if (Transaction is null) return;
        if (commit) Transaction.Commit(); else Transaction.Rollback();
        Transaction.Dispose();
        Transaction = null;
    }

    public void Dispose()
    {
        EndWrite(commit: false);
        _connection?.Dispose();
    }

    public sealed class WriteScope(DbSession session) : IDisposable
    {
        private bool _done;

        public void Commit()
        {
            session.EndWrite(commit: true);
            _done = true;
        }

        public void Dispose()
        {
            if (!_done) session.EndWrite(commit: false);
            _done = true;
        }
    }
}
