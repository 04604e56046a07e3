using Microsoft.Data.Sqlite;

namespace ScalingApi.Host.Errors;

/// <summary>
/// SQLite failures that are the store's condition, not the request's or a bug: the request may well
/// succeed later (lock released, space freed, permissions fixed), so they are 503s with a title that
/// says what is wrong and, where waiting helps, a Retry-After. Field "database" in every case.
/// </summary>
public static class StorageFaults
{
    public sealed record Fault(HttpProblem Problem, int? RetryAfterSeconds);

    // primary result codes (https://sqlite.org/rescode.html); extended codes carry them in the low byte
    private const int Busy = 5, Locked = 6, ReadOnly = 8, IoError = 10, Full = 13, CannotOpen = 14;

    public const string BusyTitle = "The database is busy.";

    public static Fault? Classify(Exception exception) => exception is SqliteException sqlite ? (sqlite.SqliteErrorCode & 0xFF) switch
    {
        Busy or Locked => Unavailable(BusyTitle, "another write held the lock longer than Storage:BusyTimeoutMilliseconds; retry shortly", 1),
        Full => Unavailable("Storage is full.", "the disk holding the database is full; nothing was written (free space, then retry)", 60),
        ReadOnly => Unavailable("The database is read-only.", "the service cannot write its database file; nothing was written (an operator must fix the file's permissions or mount)", null),
        CannotOpen => Unavailable("The database cannot be opened.", "the service cannot open its database file (missing, unreadable, or on a read-only file system without its -shm file); see the service log", null),
        IoError => Unavailable("Storage I/O error.", "the database file could not be read or written; nothing was written (see the service log)", 30),
        _ => null,
    } : null;

    private static Fault Unavailable(string title, string rule, int? retryAfterSeconds) =>
        new(new HttpProblem(StatusCodes.Status503ServiceUnavailable, title, [new FieldError("database", rule)]), retryAfterSeconds);
}
