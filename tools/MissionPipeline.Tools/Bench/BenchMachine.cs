using System.Globalization;
using System.Runtime.InteropServices;

namespace MissionPipeline.Tools.Bench;

/// <summary>The machine a figure was measured on: cores, OS, .NET, CPU model (from <c>/proc/cpuinfo</c>).</summary>
internal sealed record BenchMachine(int Cores, string Os, string Runtime, string Cpu, long MemoryMb)
{
    public static BenchMachine Current()
    {
        var cpu = "inconnu";
        long memory = 0;
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
            var total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            memory = total is null ? 0 : long.Parse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            // Not Linux: the model stays unknown.
        }

        return new BenchMachine(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, cpu, memory);
    }

    public override string ToString() => BenchReport.French(
        $"{Cores} cœurs, {Cpu}, {MemoryMb / 1024.0:0.#} Gio de mémoire, {Os}, {Runtime}");
}
