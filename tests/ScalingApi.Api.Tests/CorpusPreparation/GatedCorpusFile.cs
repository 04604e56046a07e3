using System.Diagnostics;

namespace ScalingApi.Api.Tests.CorpusPreparation;

/// <summary>
/// Turns one file of a written domain into a named pipe that gives nothing until <see cref="Open"/> is called. A job
/// reading the domain blocks on this file until then, so a test can cancel or stop it mid-domain on any machine,
/// however fast: the cancellation is seen as soon as the reader resumes. After opening, the first reader gets the
/// file's content through the pipe and the pipe is replaced by the regular file for every later reader.
/// </summary>
public sealed class GatedCorpusFile : IDisposable
{
    private readonly string _path;
    private readonly byte[] _content;
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _disposed = new();
    private readonly Task _server;

    public GatedCorpusFile(string path)
    {
        _path = path;
        _content = File.ReadAllBytes(path);
        File.Delete(path);
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", ["-m", "600", path]) { UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
            if (mkfifo.ExitCode != 0) throw new InvalidOperationException($"mkfifo {path} failed ({mkfifo.ExitCode})");
        }
        _server = Task.Run(ServeAsync);
    }

    /// <summary>From now on every reader of the file gets its content.</summary>
    public void Open() => _opened.TrySetResult();

    private async Task ServeAsync()
    {
        await _opened.Task.WaitAsync(_disposed.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!_opened.Task.IsCompleted) return;
        // opening the write end blocks until a reader opens the file
        using (var writer = new FileStream(_path, FileMode.Open, FileAccess.Write))
        {
            try { writer.Write(_content); }
            catch (IOException) { } // the reader went away (a cancelled job closes the file at its first read)
        }
        var written = _path + ".tmp";
        File.WriteAllBytes(written, _content);
        File.Move(written, _path, overwrite: true);
    }

    public void Dispose()
    {
        _disposed.Cancel();
        // unblock a server still waiting for its reader by being that reader
        if (!_server.IsCompleted && _opened.Task.IsCompleted)
            using (new FileStream(_path, FileMode.Open, FileAccess.Read)) { }
        _server.Wait(TimeSpan.FromSeconds(10));
        _disposed.Dispose();
    }
}
