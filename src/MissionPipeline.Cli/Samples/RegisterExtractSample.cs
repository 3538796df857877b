using System.Buffers.Text;
using System.IO.Compression;
using System.Text;
using MissionPipeline.Geography;
using MissionPipeline.Periods;

namespace MissionPipeline.Cli.Samples;

/// <summary>
/// Writes a synthetic F5 register extract (docs/formats.md): one row per jobseeker, about 50 bytes a row,
/// as Pôle emploi exports it. Jobseekers are numbered; person <c>p</c> always has the same
/// pseudonymous identifiant (24 hexadecimal digits, unique: the first 16 are a bijection of
/// <c>p</c>), département, nationality, sex and age band, and a category drawn per month, so that
/// the extracts of consecutive months overlap as a register does. Départements are weighted roughly
/// like their population and about 9 % of jobseekers are from outside the EU (HUE), far more in
/// Île-de-France and Guyane (<see cref="SampleGeography"/>); categories are A 55 %, B 12 %,
/// C 18 %, D 5 %, E 10 %. The same arguments give the same bytes. The benchmark writes such
/// registers (<c>mission-tools generate f5</c>); the demo writes its own when it runs
/// (<see cref="WriteCounted"/>, <see cref="DemoRegisterExtracts"/>), which is why this class ships with the command.
/// </summary>
internal static class RegisterExtractSample
{
    public const string Header = "mois;identifiant;categorie;nationalite;departement;sexe;tranche_age";

    private static readonly WeightedChoice Categories = new([550, 120, 180, 50, 100]);
    private static readonly WeightedChoice AgeBands = new([180, 620, 200]);
    private static readonly byte[][] AgeBandBytes = ["<25"u8.ToArray(), "25-49"u8.ToArray(), "50+"u8.ToArray()];
    private static readonly byte[] Hue = "HUE"u8.ToArray();

    /// <summary>
    /// Writes <paramref name="rows"/> jobseekers, persons <paramref name="firstPerson"/> onwards, for
    /// <paramref name="month"/>, gzip-compressed if asked; returns what the F5 reader must count.
    /// </summary>
    public static RegisterSampleCounts Write(Stream output, int rows, Period month, ulong seed, bool gzip, long firstPerson = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (month.Kind != PeriodKind.Month)
        {
            throw new ArgumentException("An extract is for one month.", nameof(month));
        }

        using var compressed = gzip ? new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true) : null;
        var target = compressed ?? output;
        var departements = SampleGeography.Departements;
        var hue = departements.Select(SampleGeography.HuePerMille).ToArray();
        var where = new WeightedChoice(departements.Select(SampleGeography.Weight));
        var codes = departements.Select(d => Encoding.ASCII.GetBytes(d.Territory.LocalCode)).ToArray();
        var monthBytes = Encoding.ASCII.GetBytes(month.ToString());
        var monthKey = SampleRandom.Mix(seed ^ (ulong)((month.Year * 12) + month.Index));
        var counts = new int[departements.Count];
        var buffer = new byte[1 << 16];
        var used = 0;
        target.Write(Encoding.ASCII.GetBytes(Header + "\n"));
        for (var p = firstPerson; p < firstPerson + rows; p++)
        {
            if (used > buffer.Length - 128)
            {
                target.Write(buffer, 0, used);
                used = 0;
            }

            var person = SampleRandom.Mix(seed + (ulong)p);
            var d = where.Index(SampleRandom.Mix(person ^ 1));
            var nationality = Nationality(SampleRandom.Mix(person ^ 2) % 1000, hue[d]);
            var category = Categories.Index(SampleRandom.Mix(person ^ monthKey));
            counts[d] += category == 0 && nationality == "HUE" ? 1 : 0;
            used += Row(buffer.AsSpan(used), monthBytes, person, category, Encoding.ASCII.GetBytes(nationality), codes[d]);
        }

        target.Write(buffer, 0, used);
        return new RegisterSampleCounts(month, rows, departements.Select((dep, i) => (dep.Territory, counts[i])).ToDictionary(x => x.Territory, x => x.Item2));
    }

    /// <summary>
    /// Writes an extract holding exactly <paramref name="categoryAHue"/>[i] jobseekers of category A
    /// from outside the EU in the i-th département of <see cref="SampleGeography.Departements"/>, then
    /// <paramref name="others"/> of other categories (B to E) spread likewise, persons
    /// <paramref name="firstPerson"/> onwards: what the F5 reader must count is given, not drawn.
    /// </summary>
    public static void WriteCounted(Stream output, Period month, ulong seed, IReadOnlyList<int> categoryAHue, int others, bool gzip, long firstPerson = 0)
    {
        var departements = SampleGeography.Departements;
        if (month.Kind != PeriodKind.Month || categoryAHue.Count != departements.Count)
        {
            throw new ArgumentException("An extract is for one month, with a count for each département.", nameof(categoryAHue));
        }

        using var compressed = gzip ? new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true) : null;
        var target = compressed ?? output;
        var codes = departements.Select(d => Encoding.ASCII.GetBytes(d.Territory.LocalCode)).ToArray();
        var where = new WeightedChoice(departements.Select(SampleGeography.Weight));
        var monthBytes = Encoding.ASCII.GetBytes(month.ToString());
        var buffer = new byte[1 << 16];
        var used = 0;
        var p = firstPerson;
        target.Write(Encoding.ASCII.GetBytes(Header + "\n"));
        void Write(int category, int departement)
        {
            if (used > buffer.Length - 128)
            {
                target.Write(buffer, 0, used);
                used = 0;
            }

            used += Row(buffer.AsSpan(used), monthBytes, SampleRandom.Mix(seed + (ulong)p++), category, Hue, codes[departement]);
        }

        for (var d = 0; d < departements.Count; d++)
        {
            for (var i = 0; i < categoryAHue[d]; i++)
            {
                Write(0, d);
            }
        }

        for (var i = 0; i < others; i++)
        {
            Write(1 + (i % 4), where.Index(SampleRandom.Mix(seed ^ (ulong)p)));
        }

        target.Write(buffer, 0, used);
    }

    /// <summary>One row, <c>mois;identifiant;categorie;nationalite;departement;sexe;tranche_age</c> and its line feed, into <paramref name="line"/>; returns its length.</summary>
    private static int Row(Span<byte> line, ReadOnlySpan<byte> month, ulong person, int category, ReadOnlySpan<byte> nationality, ReadOnlySpan<byte> code)
    {
        var n = Append(line, month, 0);
        n = Hex(line, n, person, 16);
        n = Hex(line, n, SampleRandom.Mix(person ^ 3) >> 32, 8);
        line[n++] = (byte)';';
        line[n++] = (byte)('A' + category);
        line[n++] = (byte)';';
        n = Append(line, nationality, n);
        n = Append(line, code, n);
        line[n++] = (person & 1) == 0 ? (byte)'F' : (byte)'H';
        line[n++] = (byte)';';
        n = Append(line, AgeBandBytes[AgeBands.Index(SampleRandom.Mix(person ^ 4))], n) - 1;
        line[n++] = (byte)'\n';
        return n;
    }

    private static string Nationality(ulong draw, int huePerMille) => draw < (ulong)huePerMille ? "HUE" : draw < (ulong)huePerMille + 40 ? "UE" : "FR";

    /// <summary>Writes <paramref name="text"/> then <c>;</c>; returns the new length.</summary>
    private static int Append(Span<byte> line, ReadOnlySpan<byte> text, int at)
    {
        text.CopyTo(line[at..]);
        line[at + text.Length] = (byte)';';
        return at + text.Length + 1;
    }

    private static int Hex(Span<byte> line, int at, ulong value, int digits)
    {
        Utf8Formatter.TryFormat(value, line.Slice(at, digits), out _, new System.Buffers.StandardFormat('x', (byte)digits));
        return at + digits;
    }
}

/// <summary>What an F5 sample holds: its month, its rows and, per département, the rows of category A and nationality HUE.</summary>
internal sealed record RegisterSampleCounts(Period Month, int Rows, IReadOnlyDictionary<Territory, int> CategoryAHue)
{
    public int Metropole => CategoryAHue.Where(c => Geography2009.Default.TryGetDepartement(c.Key, out var d) && d.Metropolitan).Sum(c => c.Value);

    public int France => CategoryAHue.Values.Sum();
}
