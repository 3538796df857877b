using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace MissionPipeline.Readers;

/// <summary>The encodings and separators agency text files come in, and how they are told apart.</summary>
internal static partial class TextDecoding
{
    /// <summary>
    /// Whether <paramref name="text"/> holds French accents encoded twice: « é » written as UTF-8, read
    /// as Windows-1252 and written as UTF-8 again gives « Ã© » (« à »: « Ã » and a no-break space).
    /// Read as it is, such a file is no one's mistake but its converter's: its header was told
    /// « colonne inconnue » or « format non reconnu » (red team, agency officer).
    /// </summary>
    public static bool LooksDoublyEncoded(string text) => DoublyEncoded().IsMatch(text);

    /// <summary>What to do with a file whose accents are encoded twice (<see cref="LooksDoublyEncoded"/>).</summary>
    public const string DoublyEncodedAdvice = "Ses accents sont encodés deux fois (« Ã© » pour « é ») : le fichier a été converti en UTF-8 alors qu'il l'était déjà ; enregistrez-le à nouveau depuis le logiciel d'origine, en UTF-8 une seule fois, puis déposez-le.";

    // Capitals too: « É » gives « Ã‰ », « Ç » « Ã‡ », « Ô » « Ã” ».
    [GeneratedRegex("Ã[©¨ª«§¢´¹®¯¶¼€\u00A0‰ˆŠ‹‡Ž”™›œ]")]
    private static partial Regex DoublyEncoded();

    /// <summary>The separators a header line may use, in order of preference when counts tie.</summary>
    public static readonly char[] Separators = [';', '\t', '|', ','];

    /// <summary>Windows-1252 (registers the code pages provider on first use; ExcelDataReader needs it too).</summary>
    public static Encoding Windows1252 { get; } = RegisterCodePages();

    /// <summary>Makes sure the code pages provider is registered (legacy XLS files name code pages).</summary>
    public static void EnsureCodePages() => _ = Windows1252;

    /// <summary>
    /// The separator of the first non-blank line of <paramref name="text"/>: the candidate of
    /// <see cref="Separators"/> found most often outside quotes, the earlier one on a tie, <c>;</c> when
    /// none occurs.
    /// </summary>
    public static char DetectSeparator(ReadOnlySpan<char> text)
    {
        Span<int> counts = stackalloc int[Separators.Length];
        var inQuotes = false;
        var seenContent = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && c is '\r' or '\n')
            {
                if (seenContent)
                {
                    break;
                }
            }
            else if (!inQuotes && Array.IndexOf(Separators, c) is var index and >= 0)
            {
                counts[index]++;
            }

            seenContent |= !char.IsWhiteSpace(c);
        }

        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }

        return Separators[best];
    }

    private static Encoding RegisterCodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}

/// <summary>
/// Decodes an agency text file without being told its encoding, streaming: a UTF-8 byte order mark
/// means UTF-8 (UTF-16 marks are honoured too); otherwise bytes are read as ASCII until the first
/// byte above 0x7F, where the next 64 KiB decide: valid UTF-8 → UTF-8, else Windows-1252 (both agree
/// on ASCII, so nothing read before is wrong). Bytes invalid in the chosen encoding later on become
/// U+FFFD, which readers report. Memory does not grow with the file. Read into buffers of at least
/// two characters.
/// </summary>
internal sealed class DetectingTextReader(Stream stream) : TextReader
{
    private const int Window = 64 * 1024;
    private readonly byte[] _bytes = new byte[Window];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _started;
    private bool _flushed;
    private Decoder? _decoder;

    /// <summary>What was detected: <c>ascii</c> until a non-ASCII byte, then <c>utf-8</c>, <c>utf-8-bom</c>, <c>windows-1252</c> or <c>utf-16</c>.</summary>
    public string EncodingName { get; private set; } = "ascii";

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (!_started)
        {
            Start();
        }

        while (true)
        {
            if (_start == _end && !Fill())
            {
                return Flush(buffer);
            }

            var written = _decoder is null ? CopyAscii(buffer) : Decode(buffer);
            if (written > 0)
            {
                return written;
            }
        }
    }

    private void Start()
    {
        _started = true;
        FillWindow();
        var head = _bytes.AsSpan(_start, _end - _start);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            Choose(new UTF8Encoding(false, false), 3, "utf-8-bom");
        }
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            Choose(new UnicodeEncoding(false, false, false), 2, "utf-16");
        }
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            Choose(new UnicodeEncoding(true, false, false), 2, "utf-16");
        }
        else if (LooksUtf16(head, littleEndian: true))
        {
            Choose(new UnicodeEncoding(false, false, false), 0, "utf-16");
        }
        else if (LooksUtf16(head, littleEndian: false))
        {
            Choose(new UnicodeEncoding(true, false, false), 0, "utf-16");
        }
    }

    /// <summary>
    /// UTF-16 without its byte-order mark (a script's export, or Notepad's « Unicode » saved by another
    /// tool): the first 32 characters, or as many as there are, are printable Latin-1 (« Activité »), tabs
    /// or line ends, each beside a zero byte; no text in another encoding starts so (it was read as
    /// Windows-1252, « i\0n\0d\0… », and refused as an unknown format).
    /// </summary>
    private static bool LooksUtf16(ReadOnlySpan<byte> head, bool littleEndian)
    {
        var pairs = Math.Min(32, head.Length / 2);
        if (pairs < 4)
        {
            return false;
        }

        for (var i = 0; i < pairs; i++)
        {
            var (low, high) = littleEndian ? (head[2 * i], head[(2 * i) + 1]) : (head[(2 * i) + 1], head[2 * i]);
            if (high != 0 || low is (< 0x20 and not ((byte)'\t' or (byte)'\r' or (byte)'\n')) or (>= 0x7F and < 0xA0))
            {
                return false;
            }
        }

        return true;
    }

    private int CopyAscii(Span<char> buffer)
    {
        var n = 0;
        while (n < buffer.Length && _start < _end && _bytes[_start] < 0x80)
        {
            buffer[n++] = (char)_bytes[_start++];
        }

        if (n == 0)
        {
            Decide();
        }

        return n;
    }

    /// <summary>
    /// At the first non-ASCII byte: UTF-8 if the window from there is valid UTF-8 (a sequence cut by
    /// the end of the window counts as valid, one cut by the end of the file does not), else Windows-1252.
    /// </summary>
    private void Decide()
    {
        FillWindow();
        var window = _bytes.AsSpan(_start, _end - _start);
        var scratch = ArrayPool<char>.Shared.Rent(window.Length);
        try
        {
            var status = Utf8.ToUtf16(window, scratch, out _, out _, replaceInvalidSequences: false, isFinalBlock: _eof);
            if (status is OperationStatus.Done or OperationStatus.NeedMoreData)
            {
                Choose(new UTF8Encoding(false, false), 0, "utf-8");
            }
            else
            {
                Choose(TextDecoding.Windows1252, 0, "windows-1252");
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(scratch);
        }
    }

    private void Choose(Encoding encoding, int skip, string name)
    {
        _decoder = encoding.GetDecoder();
        _start += skip;
        EncodingName = name;
    }

    private int Decode(Span<char> buffer)
    {
        _decoder!.Convert(_bytes.AsSpan(_start, _end - _start), buffer, false, out var used, out var written, out _);
        _start += used;
        return written;
    }

    private int Flush(Span<char> buffer)
    {
        if (_decoder is null || _flushed)
        {
            return 0;
        }

        _flushed = true;
        _decoder.Convert(ReadOnlySpan<byte>.Empty, buffer, true, out _, out var written, out _);
        return written;
    }

    /// <summary>Reads more bytes after what is left; false at the end of the stream with nothing left.</summary>
    private bool Fill()
    {
        Compact();
        if (!_eof)
        {
            var n = stream.Read(_bytes, _end, _bytes.Length - _end);
            _eof = n == 0;
            _end += n;
        }

        return _start < _end;
    }

    /// <summary>Reads until the buffer is full or the stream ends.</summary>
    private void FillWindow()
    {
        Compact();
        while (!_eof && _end < _bytes.Length)
        {
            var n = stream.Read(_bytes, _end, _bytes.Length - _end);
            _eof = n == 0;
            _end += n;
        }
    }

    private void Compact()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_bytes, _start, _bytes, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
    }
}
