using System.Net;
using System.Net.Sockets;

namespace MissionPipeline.Testing;

/// <summary>Loopback ports for the servers a test starts (Azurite, <c>mission serve</c>, a fake peer).</summary>
internal static class Ports
{
    // Below Linux's ephemeral range (32768–60999 by default): a port the system handed out for bind(0)
    // was also free for the outgoing connections of every test running beside, and one of them took
    // it before the server bound it (Azurite exited at once, "did not start listening").
    private const int First = 20_000;
    private const int End = 32_768;

    // Every port handed out in this process, never handed out again: three calls in a row for one
    // emulator gave its blob and table services the same port, still free when probed (EADDRINUSE).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> Given = new();

    /// <summary>A port free at the time of the call, outside the ephemeral range and never given before in this process; the probe's listener is closed at once.</summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(First, End);
            if (!Given.TryAdd(port, true))
            {
                continue;
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: another try.
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {End} after 200 tries.");
    }
}
