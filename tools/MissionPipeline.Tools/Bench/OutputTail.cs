using System.Diagnostics;
using MissionPipeline.Cli.Serve;

namespace MissionPipeline.Tools.Bench;

/// <summary>
/// The last lines a child server wrote (stdout and stderr, interleaved as they came): what the bench
/// shows when the server exits or never becomes ready. Draining both streams also keeps a chatty
/// child from blocking on a full pipe.
/// </summary>
internal sealed class OutputTail
{
    private const int Kept = 20;
    private readonly Queue<string> _lines = new();
    private readonly List<string> _first = [];

    /// <summary>Starts reading <paramref name="process"/>'s redirected stdout and stderr, keeping their last lines.</summary>
    public static OutputTail Follow(Process process)
    {
        var tail = new OutputTail();
        process.OutputDataReceived += (_, e) => tail.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => tail.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tail;
    }

    /// <summary>The kept lines, oldest first; « (rien d'écrit) » when the child wrote nothing.</summary>
    public override string ToString()
    {
        lock (_lines)
        {
            return _lines.Count == 0 ? "(rien d'écrit)" : string.Join('\n', _lines);
        }
    }

    /// <summary>Whether a line written so far contains <paramref name="text"/>: one of the child's first lines, or of its last.</summary>
    public bool Contains(string text)
    {
        lock (_lines)
        {
            return _first.Concat(_lines).Any(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Waits until a line holding <paramref name="startLine"/> was written, then throws unless the
    /// child's output holds <see cref="ServeHost.InlineMark"/> exactly when <paramref name="inline"/>:
    /// a figure never names a mode its server did not run in.
    /// </summary>
    public async Task CheckModeAsync(string name, string startLine, bool inline, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (!Contains(startLine))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException($"{name} wrote no start line within 20 s:\n{this}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        if (Contains(ServeHost.InlineMark) != inline)
        {
            throw new InvalidOperationException($"{name} did not start in the mode asked (inline I/O: {inline}):\n{this}");
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            if (_first.Count < Kept)
            {
                _first.Add(line);
            }

            _lines.Enqueue(line);
            if (_lines.Count > Kept)
            {
                _lines.Dequeue();
            }
        }
    }
}
