namespace MissionPipeline.Cli;

/// <summary>The exit codes of every <c>mission</c> command (docs/architecture.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Rejected = 1;
    public const int Usage = 2;
    public const int StorageUnreachable = 3;
}

/// <summary>A usage error found after parsing (a malformed connection string): exit 2 with its French message, never a stack trace.</summary>
internal sealed class UsageException(string message) : Exception(message);
