namespace MissionPipeline.Cli;

/// <summary>The exit codes of every <c>mission</c> command (ARCHITECTURE.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Rejected = 1;
    public const int Usage = 2;
    public const int StorageUnreachable = 3;
}
