using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ScalingApi.Corpora.Preparation.Pipeline;

/// <summary>
/// Writes kept documents as JSON Lines shards <c>part-00000.jsonl.gz</c>, <c>part-00001.jsonl.gz</c>… (one
/// <c>{"text": …}</c> object per line, readable by <see cref="Reading.CorpusFileReader"/>). A shard is written under
/// a temporary name (<c>.tmp</c>, which no corpus reference picks up), flushed to disk and renamed only when
/// complete, so a crash never leaves a half shard that looks finished.
/// </summary>
internal sealed class ShardWriter(string folder, long maxUncompressedBytes) : IDisposable
{
    public const string TemporarySuffix = ".tmp";

    // non-ASCII text stays readable in the shards; quotes, backslashes and control characters are still escaped
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly List<string> _completed = [];
    private FileStream? _file;
    private GZipStream? _gzip;
    private Utf8JsonWriter? _json;
    private long _bytes;

    public IReadOnlyList<string> Completed => _completed;

    public static string ShardName(int index) => $"part-{index:D5}.jsonl.gz";

    public void Write(string text)
    {
        if (_json is null) Open();
        _json!.WriteStartObject();
        _json.WriteString("text"u8, text);
        _json.WriteEndObject();
        _json.Flush();
        _bytes += _json.BytesCommitted + 1;
        _json.Reset();
        _gzip!.WriteByte((byte)'\n');
        if (_bytes >= maxUncompressedBytes) Close();
    }

    /// <summary>Completes the shard being written (if any); call once at the end.</summary>
    public void Complete() => Close();

    private string CurrentPath => Path.Combine(folder, ShardName(_completed.Count));

    private void Open()
    {
        _file = new FileStream(CurrentPath + TemporarySuffix, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        // Fastest: the single thread that applies verdicts also compresses, and must keep up with the judges
        _gzip = new GZipStream(_file, CompressionLevel.Fastest, leaveOpen: true);
        _json = new Utf8JsonWriter(_gzip, JsonOptions);
        _bytes = 0;
    }

    private void Close()
    {
        if (_file is null) return;
        _json!.Dispose();
        _gzip!.Dispose();
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        File.Move(CurrentPath + TemporarySuffix, CurrentPath);
        _completed.Add(CurrentPath);
        (_file, _gzip, _json) = (null, null, null);
    }

    /// <summary>Abandons an unfinished shard (its temporary file is deleted); completed shards stay.</summary>
    public void Dispose()
    {
        if (_file is null) return;
        var temporary = CurrentPath + TemporarySuffix;
        _json!.Dispose();
        _gzip!.Dispose();
        _file.Dispose();
        (_file, _gzip, _json) = (null, null, null);
        File.Delete(temporary);
    }
}
