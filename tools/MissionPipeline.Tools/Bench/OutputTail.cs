using System.Diagnostics;

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

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > Kept)
            {
                _lines.Dequeue();
            }
        }
    }
}
