using Dapper;
using ScalingApi.Storage;
using SQLitePCL;
using Xunit;

namespace ScalingApi.Api.Tests.Storage;

/// <summary>
/// Issue 13, defect 1: a write must cost the same whatever the run already holds. Measured as the
/// database pages the upsert touches (SQLite's page-cache hits + misses on the connection), which is
/// what grows when a write reads stored rows; not a timing assert.
/// </summary>
public sealed class WriteCostTests : IDisposable
{
    private const int StoredSteps = 25_000; // 100,000 stored rows in the big run
    private readonly StorageFixture _store = new();

    [Fact]
    public void Posting_ten_points_into_a_large_run_touches_as_many_pages_as_into_an_empty_run()
    {
        _store.Fill(_store.BigRun, StoredSteps);

        var intoEmpty = PagesTouched(_store.EmptyRun, firstStep: 1);
        var intoBig = PagesTouched(_store.BigRun, firstStep: StoredSteps + 1);

        // a B-tree descent per key: a few pages more for a deeper tree, never the run's ~1,000 leaf pages
        Assert.True(intoBig <= intoEmpty + 40, $"10 new points touched {intoBig} pages in a run of {4 * StoredSteps} rows, {intoEmpty} in an empty run");
    }

    [Fact]
    public void Re_posting_stored_points_of_a_large_run_does_not_read_the_rest_of_the_run()
    {
        _store.Fill(_store.BigRun, StoredSteps);
        _store.Fill(_store.EmptyRun, 10);

        var small = PagesTouched(_store.EmptyRun, firstStep: 1, expectUnchanged: true);
        var big = PagesTouched(_store.BigRun, firstStep: 1, expectUnchanged: true);

        Assert.True(big <= small + 40, $"re-posting 10 stored points touched {big} pages in a large run, {small} in a small one");
    }

    [Fact]
    public void Reading_one_small_run_does_not_read_a_large_run_next_to_it()
    {
        _store.Fill(_store.BigRun, StoredSteps);
        _store.Fill(_store.EmptyRun, 10);
        using var db = new DbSession(_store.Factory);
        Reset(db.Connection.Handle!);

        var rows = new ObservationStore(db).ForRun(_store.EmptyRun);

        Assert.Equal(40, rows.Count);
        var pages = Read(db.Connection.Handle!);
        Assert.True(pages < 20, $"reading a 40-row run touched {pages} pages");
    }

    private long PagesTouched(long runId, int firstStep, bool expectUnchanged = false)
    {
        var rows = Enumerable.Range(firstStep, 10)
            .Select(step => new ObservationRow(runId, step, _store.DomainIds[step % 4], 2.0 + 1.0 / step)).ToList();
        using var db = new DbSession(_store.Factory);
        var handle = db.Connection.Handle!;
        Reset(handle);
        using var write = db.BeginWrite();
        var counts = new ObservationStore(db).Upsert(rows, replace: false);
        var pages = Read(handle);
        write.Commit();
        Assert.Equal(expectUnchanged ? (0, 10) : (10, 0), (counts.Inserted, counts.Unchanged));
        return pages;
    }

    private static void Reset(sqlite3 handle)
    {
        raw.sqlite3_db_status(handle, raw.SQLITE_DBSTATUS_CACHE_HIT, out _, out _, 1);
        raw.sqlite3_db_status(handle, raw.SQLITE_DBSTATUS_CACHE_MISS, out _, out _, 1);
    }

    private static long Read(sqlite3 handle)
    {
        raw.sqlite3_db_status(handle, raw.SQLITE_DBSTATUS_CACHE_HIT, out var hits, out _, 0);
        raw.sqlite3_db_status(handle, raw.SQLITE_DBSTATUS_CACHE_MISS, out var misses, out _, 0);
        return hits + misses;
    }

    public void Dispose() => _store.Dispose();
}
