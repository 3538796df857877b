using System.Text;

namespace MissionPipeline.Readers;

/// <summary>
/// A streaming tokenizer of delimited text (CSV and its French cousins). The separator is detected
/// from the first non-blank line (<see cref="TextDecoding.DetectSeparator"/>). A cell starting with
/// <c>"</c> is quoted: it may hold separators and line breaks, <c>""</c> stands for one quote, and text
/// after its closing quote is kept as is (<c>"ab"c</c> → <c>abc</c>). CR, LF and CRLF each end a line.
/// A first line <c>sep=X</c> (Excel's hint) gives the separator and is not a row; a Ctrl-Z (0x1A)
/// ending the file is not part of it.
/// Each row is numbered by the physical line where it starts (1-based, blank lines counted). Memory
/// is bounded whatever the file: a cell keeps at most <c>maxCellLength + 1</c> characters (so that a
/// reader can tell it was too long) and a row at most <see cref="MaxCellsPerRow"/> cells, while
/// <see cref="TableRow.CellCount"/> still counts them all.
/// </summary>
internal sealed class DelimitedText
{
    /// <summary>Cells kept per row; further cells are only counted.</summary>
    public const int MaxCellsPerRow = 1_024;

    /// <summary>Ctrl-Z, which DOS-era tools write after the last line to mark the end of a text file.</summary>
    private const char EndOfFile = '\u001A';

    private readonly TextReader _reader;
    private readonly int _maxCellLength;
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _cell = new();
    private int _pos;
    private int _len;
    private bool _eof;
    private int _line = 1;

    public DelimitedText(TextReader reader, int maxCellLength)
    {
        _reader = reader;
        _maxCellLength = maxCellLength;
        while (!_eof && _len < _buffer.Length)
        {
            var n = _reader.Read(_buffer, _len, _buffer.Length - _len);
            _eof = n == 0;
            _len += n;
        }

        Separator = SeparatorLine() ?? TextDecoding.DetectSeparator(_buffer.AsSpan(0, _len));
    }

    public char Separator { get; }

    /// <summary>
    /// The separator a first line <c>sep=;</c> names (Excel's hint, written by exporters of CSV for
    /// Excel), that line then skipped (still counted in the line numbers); null without such a line.
    /// </summary>
    private char? SeparatorLine()
    {
        var head = _buffer.AsSpan(0, _len);
        if (head.Length < 5 || !head.StartsWith("sep=", StringComparison.OrdinalIgnoreCase)
            || head[4] is '"' or '\r' or '\n' || char.IsLetterOrDigit(head[4])
            || (head.Length > 5 && head[5] is not ('\r' or '\n')))
        {
            return null;
        }

        _pos = head.Length > 6 && head[5] == '\r' && head[6] == '\n' ? 7 : Math.Min(6, head.Length);
        _line = 2;
        return head[4];
    }

    /// <summary>Every row of the text in order, blank ones included; enumerate once.</summary>
    public IEnumerable<TableRow> Rows()
    {
        while (Peek() >= 0)
        {
            yield return ReadRow();
        }
    }

    private TableRow ReadRow()
    {
        var number = _line;
        var cells = new List<string>();
        var count = 0;
        var unterminated = false;
        bool last;
        do
        {
            last = ReadCell(ref unterminated);
            if (count++ < MaxCellsPerRow)
            {
                cells.Add(_cell.ToString());
            }
        }
        while (!last);

        return new TableRow(number, cells, count, unterminated);
    }

    /// <summary>Reads one cell into <see cref="_cell"/>; true when it was the last of its row.</summary>
    private bool ReadCell(ref bool unterminated)
    {
        _cell.Clear();
        if (Peek() == '"')
        {
            _pos++;
            if (!ReadQuoted())
            {
                unterminated = true;
                return true;
            }
        }

        while (true)
        {
            var c = Peek();
            if (c < 0)
            {
                return true;
            }

            _pos++;
            if (c == EndOfFile && Peek() < 0)
            {
                // A DOS end-of-file mark (Ctrl-Z) closing the file is not a character of it.
                return true;
            }

            if (c == Separator)
            {
                return false;
            }

            if (c is '\r' or '\n')
            {
                EndLine(c);
                return true;
            }

            Append((char)c);
        }
    }

    /// <summary>Reads a quoted cell's content after its opening quote; false when the text ends first.</summary>
    private bool ReadQuoted()
    {
        while (true)
        {
            var c = Peek();
            if (c < 0)
            {
                return false;
            }

            _pos++;
            if (c == '"')
            {
                if (Peek() != '"')
                {
                    return true;
                }

                _pos++;
                Append('"');
            }
            else if (c is '\r' or '\n')
            {
                EndLine(c);
                Append('\n');
            }
            else
            {
                Append((char)c);
            }
        }
    }

    private void EndLine(int c)
    {
        if (c == '\r' && Peek() == '\n')
        {
            _pos++;
        }

        _line++;
    }

    private void Append(char c)
    {
        if (_cell.Length <= _maxCellLength)
        {
            _cell.Append(c);
        }
    }

    private int Peek()
    {
        if (_pos < _len)
        {
            return _buffer[_pos];
        }

        if (_eof)
        {
            return -1;
        }

        _pos = 0;
        _len = _reader.Read(_buffer, 0, _buffer.Length);
        _eof = _len == 0;
        return _eof ? -1 : _buffer[0];
    }
}
