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
        CreateOwnerOnly(Path.GetFullPath(options.DatabasePath));
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

    /// <summary>
    /// Closes this database's idle pooled connections (the last one to close removes the -wal and -shm files),
    /// and only this database's: <see cref="SqliteConnection.ClearAllPools"/> would close every other database's
    /// connections in the process too.
    /// </summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>
    /// Creates a missing database file readable by its owner only (the umask would leave it
    /// world-readable). SQLite gives the -wal and -shm files the database file's permissions.
    /// </summary>
    private static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path)) return;
        try
        {
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(path)) { return; } // another connection created it first
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
