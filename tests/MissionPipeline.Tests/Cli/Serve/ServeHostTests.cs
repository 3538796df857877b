using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MissionPipeline.Cli.Serve;

namespace MissionPipeline.Tests.Cli.Serve;

/// <summary>The web server of <c>mission serve</c> (and of the bench's bare Kestrel) runs request code on its I/O threads only in inline mode.</summary>
public sealed class ServeHostTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UseLoopback_Mode_SetsKestrelsInlineScheduling(bool inline)
    {
        var builder = WebApplication.CreateSlimBuilder();
        ServeHost.UseLoopback(builder.WebHost, 7071, inline);
        await using var app = builder.Build();

        var sockets = app.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;

        Assert.Equal(inline, sockets.UnsafePreferInlineScheduling);
        Assert.Equal("http://127.0.0.1:7071", app.Configuration[WebHostDefaults.ServerUrlsKey]);
    }
}
