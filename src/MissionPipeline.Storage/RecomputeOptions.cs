using System.Globalization;
using MissionPipeline.Text;

namespace MissionPipeline.Storage;

/// <summary>
/// How a recompute picks its date when none is asked (the nightly run, <c>POST /api/recompute</c>
/// without <c>asOf</c>): today (UTC) by default; a fixed date for a server that shows one past year,
/// such as the demo's, whose <c>latest</c> must never move past its year. And how much memory the
/// committed observations may take (<see cref="MemoryLimitBytes"/>, docs/scaling.md).
/// </summary>
public sealed record RecomputeOptions(DateOnly? FixedAsOf = null)
{
    /// <summary>The app setting that sets <see cref="MemoryLimitBytes"/>, in MB, as an environment variable (<c>Recompute:MemoryLimitMb</c> in configuration).</summary>
    public const string MemoryLimitSetting = "Recompute__MemoryLimitMb";

    public static readonly RecomputeOptions Default = new();

    /// <summary>
    /// The most the committed observations held for a recompute may take (their compact blocks,
    /// about 20 bytes per observation): above it the recompute stops with
    /// <see cref="RecomputeTooLargeException"/> and publishes nothing. Between runs a process keeps
    /// them only while they take at most half of it (then a recompute after one new file reads that
    /// file only); above half, they are let go after each run and read again from the segments.
    /// Null: half of the memory the runtime may use (the instance's, or its container's limit).
    /// </summary>
    public long? MemoryLimitBytes { get; init; }

    /// <summary>
    /// How many committed files a recompute must lack before it reads the observation checkpoint
    /// instead of their segments, and must have read from segments before it writes a new one
    /// (<see cref="ObservationSegments"/>): below it, a few GETs cost less than one blob of everything.
    /// </summary>
    public int CheckpointFiles { get; init; } = 64;

    /// <summary><see cref="MemoryLimitBytes"/>, or its default on this machine.</summary>
    public long MemoryLimit => MemoryLimitBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;

    /// <summary>These options with the memory limit as the setting writes it (MB, a positive whole number; empty: the default). Anything else is refused in French.</summary>
    public RecomputeOptions WithMemoryLimitSetting(string? value) =>
        string.IsNullOrWhiteSpace(value) ? this
        : int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var mb) && mb > 0 ? this with { MemoryLimitBytes = mb * 1024L * 1024L }
        : throw new FormatException($"Réglage {MemoryLimitSetting} invalide (« {Echo.Shorten(value, 40)} ») : attendu un nombre entier de Mo, par exemple 1024.");
}

/// <summary>
/// A recompute that stops before anything is published (the published snapshots stay as they are),
/// with a French message for the operator that says why and what to do: both hosts and the command
/// answer it as such (503, exit 1), never as an unexpected failure.
/// </summary>
public class RecomputeRefusedException(string message) : Exception(message);

/// <summary>
/// A recompute whose committed observations do not fit in <see cref="RecomputeOptions.MemoryLimit"/>:
/// thrown before anything is computed, with a message that says how much was needed.
/// </summary>
public sealed class RecomputeTooLargeException(string message) : RecomputeRefusedException(message);

/// <summary>
/// A recompute that would publish fewer files than a published snapshot counted: files committed
/// then are no longer in the <c>Ingestions</c> table (emptied, replaced, or another storage), and
/// its dashboard would silently drop their figures.
/// </summary>
public sealed class RecomputeInputsLostException(string message) : RecomputeRefusedException(message);
