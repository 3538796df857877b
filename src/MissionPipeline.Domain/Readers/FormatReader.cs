using MissionPipeline.Catalogue;

namespace MissionPipeline.Readers;

/// <summary>
/// A reader of one agency format (docs/formats.md). <see cref="AgencyFileReader"/> offers a file to each
/// reader the sending agency may use, in order; the first that recognises the file reads it.
/// Recognition looks only at the first rows of the tables (<see cref="Table.Head"/>), since a text
/// file is streamed and read once. Reading reports every problem as a <see cref="Validation.ValidationIssue"/>
/// and never throws for bad content; the shared checks of
/// <see cref="Validation.ObservationChecks"/> apply to every observation it builds.
/// </summary>
internal abstract class FormatReader
{
    public abstract FileFormat Format { get; }

    /// <summary>French, for the message of a file no reader recognised: « le gabarit canonique F0 (…) ».</summary>
    public abstract string Description { get; }

    /// <summary>Whether <paramref name="agency"/> may send files in this format.</summary>
    public abstract bool AcceptsFrom(AgencyId agency);

    /// <summary>Whether the file is in this format, judged from the heads of its tables.</summary>
    public abstract bool Recognises(TabularFile file, ReadContext context);

    /// <summary>Reads and checks the whole file.</summary>
    public abstract ReadResult Read(TabularFile file, ReadContext context, CancellationToken cancellationToken);

    /// <summary>
    /// How many first bytes of a delimited text upload <see cref="RecognisesBytes"/> needs; 0 (the
    /// default) for a reader that reads tables only. A reader of files of millions of rows (F5) reads
    /// them from their bytes, never cell by cell as text.
    /// </summary>
    public virtual int HeadBytes => 0;

    /// <summary>Whether a delimited text upload is in this format, judged from its first <see cref="HeadBytes"/> bytes.</summary>
    public virtual bool RecognisesBytes(ReadOnlySpan<byte> head) => false;

    /// <summary>Reads and checks a delimited text upload from its bytes (only when <see cref="RecognisesBytes"/> said yes).</summary>
    public virtual ReadResult ReadBytes(Stream content, ReadContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{Format} is read from its tables only.");
}
