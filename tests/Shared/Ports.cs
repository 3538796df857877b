using System.Net;
using System.Net.Sockets;

namespace MissionPipeline.Testing;

/// <summary>Loopback ports for the servers a test starts (Azurite, <c>mission serve</c>, a fake peer).</summary>
internal static class Ports
{
    /// <summary>A port free at the time of the call: the system picks it, the listener is closed at once.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
