using MissionPipeline.Cli.Samples;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Readers;
using MissionPipeline.Tests.Readers;
using Xunit.Abstractions;

namespace MissionPipeline.Tests.Fuzzing;

/// <summary>
/// Mutates the example file of every format with a fixed seed and reads each mutant: nothing may
/// escape but a <see cref="ReadResult"/>, a rejected result says why, and an accepted one holds only
/// numbers its input holds. The oracle: an observation read from one row (<see cref="Observation.Row"/>
/// &gt; 0) carries only numbers written in a cell of that row; a figure computed from many rows (row 0)
/// is, for OFPRA (F1), a cell of its checked Total line or a sum of two or three of them (the mean délai:
/// within the numbers of its lines), and for a
/// register extract (F5) a count no greater than the rows that name its département; any other is
/// bounded by the sum of every number of the input. A failing case found here is kept as a regular test.
/// </summary>
public sealed class ReaderFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20090331;

    private static readonly Encoding Latin1 = Encoding.Latin1;

    [Fact]
    public void Read_MutatedExamplesOfEveryFormat_AlwaysReportAndNeverInventNumbers()
    {
        var random = new Random(Seed);
        var clock = Stopwatch.StartNew();
        var seeds = Seeds();
        var tally = new Dictionary<string, (int Cases, int Accepted, int Checked)>();
        foreach (var (name, context, bytes, cases) in seeds)
        {
            var started = clock.Elapsed;
            var mutating = TimeSpan.Zero;
            var reading = TimeSpan.Zero;
            var plain = ReadOrFail(bytes, context, name);
            output.WriteLine($"{name}: unmutated {plain.Format} accepted={plain.Accepted} {string.Join(" / ", plain.Errors.Take(2).Select(e => e.Code + " " + e.Message))}");
            var accepted = 0;
            var checkedNumbers = 0;
            for (var i = 0; i < cases; i++)
            {
                var t0 = clock.Elapsed;
                var mutant = Mutate(random, bytes);
                var t1 = clock.Elapsed;
                var result = ReadOrFail(mutant, context, $"{name} #{i}");
                mutating += t1 - t0;
                reading += clock.Elapsed - t1;
                Assert.True(result.Errors.All(e => !string.IsNullOrWhiteSpace(e.Code) && !string.IsNullOrWhiteSpace(e.Message)), $"{name} #{i}: an error without code or message");
                if (!result.Accepted)
                {
                    Assert.NotEmpty(result.Errors);
                    continue;
                }

                Assert.NotEqual(FileFormat.Unknown, result.Format);
                accepted++;
                checkedNumbers += CheckNumbers(result, mutant, $"{name} #{i}");
            }

            tally[name] = (cases, accepted, checkedNumbers);
            output.WriteLine($"{name}: {(clock.Elapsed - started).TotalSeconds:0.0} s, mutating {mutating.TotalSeconds:0.0} s, reading {reading.TotalSeconds:0.0} s");
        }

        foreach (var (name, (cases, accepted, numbers)) in tally)
        {
            output.WriteLine($"{name}: {cases} mutants, {accepted} accepted, {numbers} numbers checked");
        }

        output.WriteLine($"{tally.Values.Sum(t => t.Cases)} mutants in {clock.Elapsed.TotalSeconds:0.0} s");

        // At least ten thousand mutants across every format (unless FUZZ_SCALE shrinks a local run).
        Assert.True(Environment.GetEnvironmentVariable("FUZZ_SCALE") is not null || tally.Values.Sum(t => t.Cases) >= 10_000, "fewer than 10 000 mutants");

        // The oracle must have had something to check in every format, or the test proves nothing.
        Assert.All(tally, t => Assert.True(t.Value.Checked > 0, $"{t.Key}: no accepted mutant was checked"));
    }

    private static ReadResult ReadOrFail(byte[] bytes, ReadContext context, string what)
    {
        try
        {
            using var stream = new ForwardOnlyStream(new MemoryStream(bytes));
            var result = AgencyFileReader.Read(stream, context);
            Assert.NotNull(result);
            return result;
        }
        catch (Exception ex)
        {
            Assert.Fail($"{what}: {ex.GetType().Name} escaped: {ex.Message}\n{Convert.ToBase64String(bytes)}");
            throw;
        }
    }

    private static List<(string Name, ReadContext Context, byte[] Bytes, int Cases)> Seeds()
    {
        // Files with later periods are read as received after them: a period in the future is rightly an error.
        static ReadContext Context(string agency, string file, int year = 2009) =>
            AgencyFiles.Context(agency) with { FileName = file, Received = new DateTimeOffset(year, 12, 31, 0, 0, 0, TimeSpan.Zero) };

        string Example(string file) => Repo.Data("examples", file);
        using var extract = new MemoryStream();
        RegisterExtractSample.Write(extract, 400, Period.OfMonth(2009, 3), Seed, gzip: false);
        var eurostatReal = Repo.Data("realdata", "eurostat", "migr_asyappctzm_1_Data.csv");
        var real = File.ReadAllLines(eurostatReal, Latin1);
        var legacy = real.Take(30).Concat(real.Where(l => l.Contains("\"France\"", StringComparison.Ordinal)).Take(30));
        return
        [
            ("F0 ofii csv", Context("ofii", "ofii-2009-03.csv"), File.ReadAllBytes(Example("ofii-2009-03.csv")), Scale(2600)),
            ("F1 ofpra csv", Context("ofpra", "ofpra-activite-2009-03.csv"), File.ReadAllBytes(Example("ofpra-activite-2009-03.csv")), Scale(2200)),
            ("F2 dcpaf xlsx", Context("dcpaf", "dcpaf-2009-03.xlsx"), File.ReadAllBytes(Example("dcpaf-2009-03.xlsx")), Scale(130)),
            ("F3 pole-emploi xlsx", Context("pole-emploi", "defm.xlsx", 2010), File.ReadAllBytes(Example("pole-emploi-defm-nationalite.xlsx")), Scale(260)),
            ("F3 pole-emploi real xls", Context("pole-emploi", "series_offres.xls", 2016), File.ReadAllBytes(Repo.Data("realdata", "pole-emploi", "series_offres_france_metro-dom_cvs-1511opendata13251.xls")), Scale(55)),
            ("F4 eurostat sdmx", Context("eurostat", "eurostat-migr_asyappctzm-sdmx.csv"), File.ReadAllBytes(Example("eurostat-migr_asyappctzm-sdmx.csv")), Scale(2200)),
            ("F4 eurostat legacy csv", Context("eurostat", "migr_asyappctzm_1_Data.csv", 2017), Latin1.GetBytes(string.Join("\r\n", legacy) + "\r\n"), Scale(1300)),
            ("F5 register extract", Context("pole-emploi", "extrait-2009-03.csv"), extract.ToArray(), Scale(1300)),
        ];
    }

    private static int Scale(int n) => int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SCALE"), out var d) ? Math.Max(1, n / d) : n;

    private static byte[] Mutate(Random random, byte[] original)
    {
        var bytes = original;
        var workbook = IsWorkbook(bytes);
        var steps = random.Next(1, 4);
        for (var s = 0; s < steps; s++)
        {
            bytes = workbook && random.Next(3) > 0 ? MutateWorkbook(random, bytes) : MutateBytes(random, bytes);
        }

        return random.Next(10) == 0 ? Gzip(bytes, truncate: random.Next(4) == 0 ? random : null) : bytes;
    }

    private static byte[] MutateBytes(Random random, byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return [(byte)random.Next(256)];
        }

        var list = bytes.ToList();
        switch (random.Next(11))
        {
            case 0:
                list[random.Next(list.Count)] ^= (byte)(1 << random.Next(8));
                return [.. list];
            case 1:
                list.InsertRange(random.Next(list.Count + 1), Enumerable.Range(0, random.Next(1, 8)).Select(_ => (byte)random.Next(256)));
                return [.. list];
            case 2:
                var at = random.Next(list.Count);
                list.RemoveRange(at, Math.Min(list.Count - at, random.Next(1, 16)));
                return [.. list];
            case 3:
                return bytes[..random.Next(bytes.Length)];
            default:
                return IsWorkbook(bytes) ? bytes : MutateText(random, bytes);
        }
    }

    private static byte[] MutateText(Random random, byte[] bytes)
    {
        var utf8 = !bytes.Any(b => b >= 0x80) || IsUtf8(bytes);
        var text = (utf8 ? Encoding.UTF8 : Latin1).GetString(bytes);
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = text.Split(newline).ToList();
        var line = random.Next(lines.Count);
        switch (random.Next(7))
        {
            case 0:
                lines.Insert(line, lines[random.Next(lines.Count)]);
                break;
            case 1:
                lines.RemoveAt(line);
                break;
            case 2:
                (lines[line], lines[random.Next(lines.Count)]) = (lines[random.Next(lines.Count)], lines[line]);
                break;
            case 3:
                var separator = lines[line].Contains(';') ? ';' : ',';
                var cells = lines[line].Split(separator);
                cells[random.Next(cells.Length)] = Cell(random);
                lines[line] = string.Join(separator, cells);
                break;
            case 4:
                var (from, to) = Pick(random, [(";", ","), (",", ";"), (";", "\t"), (",", "\t"), (";", "|")]);
                return Encode(random, string.Join(newline, lines).Replace(from, to, StringComparison.Ordinal), utf8);
            case 5:
                return Encode(random, string.Join(random.Next(2) == 0 ? "\n" : "\r\n", lines), !utf8);
            default:
                var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(string.Join(newline, lines)));
                return random.Next(2) == 0 ? [.. utf16] : [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(string.Join(newline, lines))];
        }

        return Encode(random, string.Join(newline, lines), utf8);
    }

    private static byte[] Encode(Random random, string text, bool utf8) => utf8 || random.Next(4) == 0 ? Encoding.UTF8.GetBytes(text) : Latin1.GetBytes(text);

    /// <summary>Rebuilds the workbook with a row duplicated, removed or swapped, or a cell changed.</summary>
    private static byte[] MutateWorkbook(Random random, byte[] bytes)
    {
        if (!Workbook.TryOpen(bytes, out var file, out _))
        {
            return MutateBytes(random, bytes);
        }

        var sheets = file.Tables.Select(t => (Name: t.Sheet ?? "Feuil1", Rows: Grid(t))).ToArray();
        var (_, rows) = sheets[random.Next(sheets.Length)];
        if (rows.Count == 0)
        {
            return bytes;
        }

        var r = random.Next(rows.Count);
        switch (random.Next(4))
        {
            case 0:
                rows.Insert(r, [.. rows[random.Next(rows.Count)] ?? []]);
                break;
            case 1:
                rows.RemoveAt(r);
                break;
            case 2:
                var other = random.Next(rows.Count);
                (rows[r], rows[other]) = (rows[other], rows[r]);
                break;
            default:
                if (rows[r] is { Length: > 0 } cells)
                {
                    var text = Cell(random);
                    cells[random.Next(cells.Length)] = random.Next(2) == 0 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : text;
                }

                break;
        }

        return Xlsx.Build([.. sheets.Select(s => (s.Name, s.Rows.ToArray()))]);
    }

    /// <summary>A sheet's rows at their own row numbers, numbers typed as numbers.</summary>
    private static List<object?[]?> Grid(Table table)
    {
        var grid = new List<object?[]?>();
        foreach (var row in table.Rows())
        {
            while (grid.Count < row.Number - 1)
            {
                grid.Add(null);
            }

            grid.Add([.. row.Cells.Select(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? (object)n : c)]);
        }

        return grid;
    }

    private static string Cell(Random random) => Pick(random,
    [
        "abc", "-1", "-250", "1e308", "99999999999999999999", "123456789012", "NaN", "∞", "-0", "1 234,5", "2,5", "0,1",
        "=1+1", "", " ", "\"", "nd", "s", "p", "2009-13", "2009-03", "DEP-99", "FR", "FR-MET", "DEP-2A", new string('9', 70),
        random.Next(-1000, 100_000).ToString(CultureInfo.InvariantCulture),
    ]);

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static byte[] Gzip(byte[] bytes, Random? truncate)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        var zipped = memory.ToArray();
        return truncate is null ? zipped : zipped[..truncate.Next(zipped.Length)];
    }

    private static bool IsWorkbook(byte[] bytes) => bytes is [0x50, 0x4B, 0x03, 0x04, ..] or [0xD0, 0xCF, 0x11, 0xE0, ..];

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Checks every number of an accepted result against the input; returns how many it checked.</summary>
    private static int CheckNumbers(ReadResult result, byte[] input, string what)
    {
        var rows = Rows(input);
        var all = rows.SelectMany(r => r.Numbers).ToArray();
        var bound = all.Sum(Math.Abs) + rows.Count;
        var count = 0;
        foreach (var o in result.Observations)
        {
            foreach (var number in new[] { o.Value, o.Numerator, o.Denominator, o.Weight }.OfType<double>())
            {
                Assert.True(double.IsFinite(number), $"{what}: {o} is not finite");
                if (o.Row > 0)
                {
                    var cells = rows.Where(r => r.Number == o.Row).SelectMany(r => r.Numbers).ToArray();
                    Assert.True(cells.Any(c => Same(c, number)),
                        $"{what}: {o} carries {number}, which no cell of row {o.Row} holds ({string.Join(" | ", cells)})");
                }
                else if (result.Format == FileFormat.F1)
                {
                    // An accepted OFPRA file had its Total line checked column by column against its
                    // lines: a national count is a Total cell or a sum of two or three of them. The mean
                    // délai is the lines' délais weighted by their décisions (a Total line that disagrees
                    // only warns): it lies between the smallest and the largest number of the lines.
                    var isTotal = (InputRow r) => r.Texts.Any(t => MissionPipeline.Text.TextNormalizer.Fold(t).StartsWith("total", StringComparison.Ordinal));
                    var totals = rows.Where(isTotal).SelectMany(r => r.Numbers).ToArray();
                    var lines = rows.Where(r => !isTotal(r)).SelectMany(r => r.Numbers).DefaultIfEmpty(double.NaN).ToArray();
                    var isMean = o.Weight is not null && number == o.Value;
                    Assert.True(isMean ? number >= lines.Min() - 1e-9 && number <= lines.Max() + 1e-9 : IsTotalCombination(number, totals),
                        isMean
                            ? $"{what}: {o} carries the mean {number}, outside the numbers of the lines [{lines.Min()}, {lines.Max()}]"
                            : $"{what}: {o} carries {number}, which is neither a Total cell nor a sum of two or three ({string.Join(" | ", totals)})");
                }
                else if (result.Format == FileFormat.F5)
                {
                    var code = o.Territory.LocalCode;
                    var naming = o.Territory.Code.StartsWith("DEP-", StringComparison.Ordinal) ? rows.Count(r => r.Texts.Contains(code)) : rows.Count;
                    Assert.True(number >= 0 && number == Math.Floor(number) && number <= naming,
                        $"{what}: {o} counts {number}, but only {naming} rows name {o.Territory}");
                }
                else
                {
                    Assert.True(Math.Abs(number) <= bound * (1 + 1e-9), $"{what}: {o} carries {number}, more than all the input's numbers together ({bound})");
                }

                count++;
            }
        }

        return count;
    }

    private static bool IsTotalCombination(double number, double[] totals)
    {
        for (var i = 0; i < totals.Length; i++)
        {
            if (Same(totals[i], number))
            {
                return true;
            }

            for (var j = i + 1; j < totals.Length; j++)
            {
                if (Same(totals[i] + totals[j], number))
                {
                    return true;
                }

                for (var k = j + 1; k < totals.Length; k++)
                {
                    if (Same(totals[i] + totals[j] + totals[k], number))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool Same(double cell, double number) => Math.Abs(cell - number) <= 1e-9 * Math.Max(1, Math.Abs(cell));

    private sealed record InputRow(int Number, HashSet<string> Texts, double[] Numbers);

    /// <summary>The rows of the input as the readers see them (workbook sheets or delimited text, gzip undone).</summary>
    private static List<InputRow> Rows(byte[] input)
    {
        if (input is [0x1F, 0x8B, ..])
        {
            using var gzip = new GZipStream(new MemoryStream(input), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            input = plain.ToArray();
        }

        IEnumerable<TableRow> rows;
        if (IsWorkbook(input))
        {
            Assert.True(Workbook.TryOpen(input, out var file, out var problem), problem);
            rows = file.Tables.SelectMany(t => t.Rows()).ToList();
        }
        else
        {
            rows = Table.FromText(new DelimitedText(new DetectingTextReader(new MemoryStream(input)), ReaderLimits.Default.MaxCellLength), ReaderLimits.Default.MaxRows).Rows().ToList();
        }

        return [.. rows.Select(r => new InputRow(r.Number, [.. r.Cells.Select(c => c.Trim())], [.. r.Cells.SelectMany(Numbers)]))];
    }

    private static IEnumerable<double> Numbers(string cell)
    {
        if (FrenchNumber.TryParse(cell, out var french))
        {
            yield return french;
        }

        if (double.TryParse(cell, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var invariant) && double.IsFinite(invariant))
        {
            yield return invariant;
        }
    }
}
