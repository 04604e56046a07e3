using Microsoft.Data.Sqlite;

namespace ScalingApi.Storage;

/// <summary>Opens connections to the service database with the pragmas every connection needs.</summary>
public sealed class SqliteConnectionFactory(StorageOptions options)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(options.DatabasePath),
        Mode = SqliteOpenMode.ReadWriteCreate,
        ForeignKeys = true,
        Pooling = true,
        DefaultTimeout = Math.Max(1, options.BusyTimeoutMilliseconds / 1000),
    }.ToString();

    public SqliteConnection Open()
    {
        Directory.CreateDirectory(options.DataDirectory);
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // busy_timeout is per connection; WAL is persistent and set by the migrator.
        // synchronous = FULL: in WAL mode NORMAL survives a killed process but may roll back the last
        // acknowledged commits on power loss or an OS crash; one fsync per write request is the price.
        pragma.CommandText = $"PRAGMA busy_timeout = {options.BusyTimeoutMilliseconds}; PRAGMA synchronous = FULL;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
