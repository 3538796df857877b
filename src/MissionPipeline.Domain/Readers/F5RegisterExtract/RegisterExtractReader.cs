using System.Text;
using MissionPipeline.Catalogue;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// F5, Pôle emploi's register extract (docs/formats.md): one row per jobseeker, several million a month,
/// counted into <c>demandeurs_emploi_etrangers_hors_ue</c> (category A, nationality HUE) for every
/// département of 2009 (0 for a département with no such row: the register is exhaustive, and a
/// missing figure would let an older month's count stand in the national sum), <c>FR-MET</c> and
/// <c>FR</c>. The checks and counts are <see cref="RegisterExtractTally"/>'s.
/// <para>
/// The file is read from its bytes, not through <see cref="Table"/> (which builds a string per
/// cell): <see cref="AgencyFileReader"/> hands the upload to <see cref="ReadBytes(Stream, ReadContext, CancellationToken)"/>
/// when <see cref="RecognisesBytes"/> finds the F5 header on the first line of a text in an
/// ASCII-compatible encoding (UTF-8, with or without byte order mark, or Windows-1252: every value
/// F5 reads is ASCII) with <c>;</c> and LF or CRLF line ends. Lines are split in place
/// (<see cref="RegisterExtractCells"/>), memory stays at one 1 MiB buffer, the counts and the
/// identifiers' hashes. A file with the F5 header in another shape (UTF-16, another separator, CR
/// line ends) is recognised from its <see cref="Table"/> and read through it, more slowly, with the
/// same checks.
/// </para>
/// </summary>
internal sealed class RegisterExtractReader : FormatReader
{
    /// <summary>How many first bytes <see cref="RecognisesBytes"/> needs: the header line must end within them.</summary>
    private const int HeadLength = 1024;

    private const int BufferSize = 1 << 20;

    private static readonly AgencyId PoleEmploi = new("pole-emploi");

    public override FileFormat Format => FileFormat.F5;

    public override string Description =>
        "l'extrait F5 du fichier des demandeurs d'emploi (CSV UTF-8 séparé par « ; », éventuellement compressé en .csv.gz, en-tête mois;identifiant;categorie;nationalite;departement;sexe;tranche_age)";

    public override bool AcceptsFrom(AgencyId agency) => agency == PoleEmploi;

    public override bool Recognises(TabularFile file, ReadContext context) => file.Tables.Any(IsRegister);

    public override int HeadBytes => HeadLength;

    /// <summary>Whether <paramref name="head"/>, the first bytes of a text upload, starts with an F5 header line that the byte reader can read.</summary>
    public override bool RecognisesBytes(ReadOnlySpan<byte> head)
    {
        var complete = head.Length < HeadLength;
        head = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head;
        var lf = head.IndexOf((byte)'\n');
        if (lf < 0 && !complete)
        {
            return false;
        }

        var line = lf < 0 ? head : head[..lf];
        line = line is [.., (byte)'\r'] ? line[..^1] : line;
        var texts = Texts(new RegisterExtractCells(), line);
        return line.IndexOf((byte)'\r') < 0 && (RegisterExtractHeader.Looks(texts) || RegisterExtractHeader.LooksLikeData(texts));
    }

    /// <summary>Reads an F5 extract from its bytes; <paramref name="content"/> starts with the header line (<see cref="RecognisesBytes"/>).</summary>
    public override ReadResult ReadBytes(Stream content, ReadContext context, CancellationToken cancellationToken)
    {
        var issues = new IssueCollector();
        var checks = Checks(context, issues);
        var lines = new ByteLines(content, BufferSize, cancellationToken);
        var cells = new RegisterExtractCells();
        lines.TryReadLine(out var first);
        var texts = Texts(cells, first);
        if (!RegisterExtractHeader.Looks(texts))
        {
            return ReadResult.Failed(FileFormat.F5, RegisterExtractHeader.Missing(lines.Number)) with { Mentioned = checks.Mentioned };
        }

        if (RegisterExtractHeader.Read(texts, cells.Count, lines.Number, null, issues) is not { IsUsable: true } header)
        {
            return issues.ToResult(FileFormat.F5, [], [], 0) with { Mentioned = checks.Mentioned };
        }

        var tally = new RegisterExtractTally(header, context, issues, checks);
        var blanks = 0;
        while (!tally.Stopped && lines.TryReadLine(out var line))
        {
            if (lines.TooLong)
            {
                tally.LineTooLong(lines.Number, BufferSize);
            }
            else if (line.IsEmpty || (line[0] is (byte)' ' or (byte)'\t' or (byte)';' && line.IndexOfAnyExcept((byte)' ', (byte)'\t', (byte)';') < 0))
            {
                // As every text file: a gzip of a gigabyte of newlines took 8 s to be found rowless.
                if (++blanks > context.Limits.MaxRows)
                {
                    return AgencyFileReader.TooManyBlankLines(context.Limits, lines.Number) with { Format = FileFormat.F5, Mentioned = checks.Mentioned, Rows = tally.Rows };
                }
            }
            else
            {
                var data = cells.Split(line);
                if (cells.OpenQuote)
                {
                    tally.OpenQuote(lines.Number);
                }
                else
                {
                    tally.Accept(lines.Number, data, cells.Cells, cells.Count);
                }
            }
        }

        return Result(tally, 1, issues, checks);
    }

    /// <summary>Reads an F5 extract that came as a <see cref="Table"/> (another encoding, separator or line end).</summary>
    public override ReadResult Read(TabularFile file, ReadContext context, CancellationToken cancellationToken)
    {
        var issues = new IssueCollector();
        var checks = Checks(context, issues);
        var table = file.Tables.First(IsRegister);
        var headerRow = table.Head[0];
        if (!RegisterExtractHeader.Looks(headerRow.Cells))
        {
            return ReadResult.Failed(FileFormat.F5, RegisterExtractHeader.Missing(headerRow.Number)) with { Mentioned = checks.Mentioned };
        }

        if (RegisterExtractHeader.Read(headerRow.Cells, headerRow.CellCount, headerRow.Number, null, issues) is not { IsUsable: true } header)
        {
            return issues.ToResult(FileFormat.F5, [], [], 0) with { Mentioned = checks.Mentioned };
        }

        var tally = new RegisterExtractTally(header, context, issues, checks);
        var bytes = new byte[1024];
        var ranges = new CellSpan[RegisterExtractCells.MaxCells];
        foreach (var row in table.Rows().Skip(1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (tally.Stopped)
            {
                break;
            }

            if (row.UnterminatedQuote)
            {
                tally.OpenQuote(row.Number);
                continue;
            }

            var length = Encode(row.Cells, ref bytes, ranges);
            tally.Accept(row.Number, bytes.AsSpan(0, length), ranges.AsSpan(0, Math.Min(row.Cells.Count, ranges.Length)), row.CellCount);
        }

        return Result(tally, headerRow.Number, issues, checks);
    }

    /// <summary>The shared checks, told first of the indicator an extract reports, so that a rejected extract is known to have tried.</summary>
    private static ObservationChecks Checks(ReadContext context, IssueCollector issues)
    {
        var checks = new ObservationChecks(context, issues);
        checks.CheckIndicator(RegisterExtractTally.Indicator, SourceCell.File, out _);
        return checks;
    }

    private static ReadResult Result(RegisterExtractTally tally, int headerRow, IssueCollector issues, ObservationChecks checks)
    {
        var observations = tally.Finish(headerRow);
        var result = issues.ToResult(FileFormat.F5, observations, [], tally.Rows) with { Mentioned = checks.Mentioned };
        // The identifiers read twice are known at the end only: put in their lines' order, as every
        // other error is (they came after the last line's), the count of those left out still last.
        return result with
        {
            Errors = [.. result.Errors.Where(e => e.Code != IssueCodes.TooManyErrors).OrderBy(e => e.Row), .. result.Errors.Where(e => e.Code == IssueCodes.TooManyErrors)],
        };
    }

    private static bool IsRegister(Table table) =>
        table.Delimited && !table.IsEmpty && (RegisterExtractHeader.Looks(table.Head[0].Cells) || RegisterExtractHeader.LooksLikeData(table.Head[0].Cells));

    /// <summary>The cells of a header line as text (UTF-8; the header is ASCII in any case).</summary>
    private static string[] Texts(RegisterExtractCells cells, ReadOnlySpan<byte> line)
    {
        var data = cells.Split(line);
        var texts = new string[cells.Cells.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = Encoding.UTF8.GetString(cells.Cells[i].Of(data));
        }

        return texts;
    }

    /// <summary>Writes the cells' UTF-8 bytes one after the other into <paramref name="bytes"/> (grown as needed); returns the length written.</summary>
    private static int Encode(IReadOnlyList<string> cells, ref byte[] bytes, CellSpan[] ranges)
    {
        var length = 0;
        for (var i = 0; i < cells.Count && i < ranges.Length; i++)
        {
            var needed = length + Encoding.UTF8.GetMaxByteCount(cells[i].Length);
            if (needed > bytes.Length)
            {
                Array.Resize(ref bytes, Math.Max(needed, bytes.Length * 2));
            }

            var written = Encoding.UTF8.GetBytes(cells[i], bytes.AsSpan(length));
            ranges[i] = new CellSpan(length, written);
            length += written;
        }

        return length;
    }
}
