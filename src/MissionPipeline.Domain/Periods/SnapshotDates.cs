using System.Globalization;
using MissionPipeline.Indicators;
using MissionPipeline.Text;

namespace MissionPipeline.Periods;

/// <summary>
/// Which dates a snapshot may be computed for (docs/indicators.md, "Rules made precise"): a real
/// calendar date, not before 2000 and no later than today (UTC). Anything else is a usage error
/// (exit 2, HTTP 400), never a published snapshot: a snapshot dated in the future would become
/// <c>latest</c> and hide every real one.
/// </summary>
public static class SnapshotDates
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>
    /// A snapshot's date as routes, options and folders write it: <c>yyyy-MM-dd</c> and nothing else
    /// (no time, no other order: <c>03/04/2009</c> is a day in France and another in the US); false
    /// otherwise, <see cref="NotADate"/> saying why.
    /// </summary>
    public static bool TryParseDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary>
    /// Why <paramref name="text"/> is not a date, in French: written otherwise than <c>AAAA-MM-JJ</c>,
    /// or so written but a day no calendar has (2009-02-29 was told « attendu AAAA-MM-JJ », the form it has).
    /// </summary>
    public static string NotADate(string text) =>
        text.Length == 10 && text[4] == '-' && text[7] == '-' && text.Remove(7, 1).Remove(4, 1).All(char.IsAsciiDigit)
            ? $"Date « {text} » invalide : ce jour n'existe pas."
            : $"Date « {Echo.Shorten(text)} » invalide : attendu AAAA-MM-JJ, par exemple 2009-12-31.";

    /// <summary>Null when <paramref name="asOf"/> may be published on <paramref name="today"/>; else why not, in French.</summary>
    public static string? Problem(DateOnly asOf, DateOnly today) =>
        asOf < Earliest ? string.Create(CultureInfo.InvariantCulture, $"Date d'arrêté {asOf:yyyy-MM-dd} trop ancienne : un tableau de bord se calcule à partir du {FrenchFormat.Date(Earliest)}.")
        : asOf > today ? string.Create(CultureInfo.InvariantCulture, $"Date d'arrêté {asOf:yyyy-MM-dd} dans le futur : un tableau de bord se calcule au plus tard pour aujourd'hui ({FrenchFormat.Date(today)}, UTC).")
        : null;

    /// <summary>Null when a dashboard may be computed as known at <paramref name="knownAt"/> by <paramref name="now"/>; else why not, in French (what is not yet received cannot be known).</summary>
    public static string? KnownAtProblem(DateTimeOffset knownAt, DateTimeOffset now) =>
        knownAt > now
            ? string.Create(CultureInfo.InvariantCulture, $"Instant de connaissance {knownAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} dans le futur : on ne peut calculer que ce qui était connu à un instant passé (maintenant : {FrenchFormat.Moment(now)}).")
            : knownAt.UtcDateTime < Earliest.ToDateTime(TimeOnly.MinValue)
                ? string.Create(CultureInfo.InvariantCulture, $"Instant de connaissance {knownAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} trop ancien : un tableau de bord se calcule à partir du {FrenchFormat.Date(Earliest)}.")
                : null;

    /// <summary>
    /// Reads a release time as the steering unit writes it, an ISO 8601 date and time
    /// (<c>2010-01-20T09:30:00+01:00</c>; without an offset, UTC): null when it may be used at
    /// <paramref name="now"/>, else why not, in French. A bare date is refused (which hour of it?), and
    /// so is a moment already past: a release is announced, never backdated; and one more than a year
    /// ahead (<see cref="MaxReleaseAhead"/>), a typed year's slip (2062 for 2026) that would keep the
    /// snapshot dark for decades, since an approval is never replaced.
    /// </summary>
    public static string? ReleaseProblem(string text, DateTimeOffset now, out DateTimeOffset releaseAt)
    {
        if (TryParseDay(text, out var day))
        {
            // A bare date names no hour, and a release is public from a moment (docs/publication.md).
            releaseAt = default;
            var morning = new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero);
            var paris = FrenchFormat.ParisTime(morning) - morning.UtcDateTime; // that day's offset: +01:00 in winter, +02:00 in summer
            return string.Create(CultureInfo.InvariantCulture, $"Heure de diffusion « {text.Trim()} » : une date seule ne dit pas à quelle heure diffuser. Donnez l'heure aussi, par exemple {day:yyyy-MM-dd}T09:30:00+{paris:hh\\:mm} pour 9\u00A0h\u00A030 à Paris (sans décalage : UTC).");
        }

        if (!TryParseDateAndTime(text, out releaseAt))
        {
            releaseAt = default;
            return $"Heure de diffusion « {Echo.Shorten(text)} » illisible : attendu une date et une heure ISO 8601, par exemple 2010-01-20T09:30:00+01:00 (sans décalage : UTC).";
        }

        return releaseAt < now
            ? $"L'heure de diffusion donnée, le {FrenchFormat.Moment(releaseAt)}, est passée : omettez-la pour diffuser aussitôt."
            : releaseAt - now > MaxReleaseAhead
                // The year, not the moment: the slip is in it, and 9999-12-31T23:30Z has no Paris time.
                ? string.Create(CultureInfo.InvariantCulture, $"L'heure de diffusion donnée tombe en {releaseAt.UtcDateTime.Year}, à plus d'un an : une diffusion se fixe au plus un an à l'avance. Vérifiez l'année (une validation n'est jamais remplacée : le tableau de bord resterait caché jusque-là).")
                : null;
    }

    /// <summary>How far ahead a release may be set: a year, past the next year-end account.</summary>
    public static readonly TimeSpan MaxReleaseAhead = TimeSpan.FromDays(366);

    /// <summary>
    /// Reads an instant as an operator writes it: ISO 8601 date and time (<c>2010-01-15T08:00:00Z</c>;
    /// without an offset, UTC), or a bare date (<c>2010-01-15</c>: the end of that day, UTC, everything
    /// received that day counted). False for anything else.
    /// </summary>
    public static bool TryParseInstant(string text, out DateTimeOffset instant)
    {
        if (TryParseDay(text, out var day))
        {
            instant = new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);
            return true;
        }

        return TryParseDateAndTime(text, out instant);
    }

    /// <summary>
    /// The ISO 8601 (RFC 3339) date-and-time forms <see cref="TryParseDateAndTime"/> takes: minutes,
    /// seconds or fractions of a second, then <c>Z</c>, an offset or nothing (UTC).
    /// </summary>
    private static readonly string[] DateAndTimeFormats =
        [.. from time in new[] { "HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF" }
            from zone in new[] { "", "'Z'", "zzz" }
            select "yyyy-MM-dd'T'" + time + zone];

    /// <summary>
    /// An ISO 8601 date and time, and nothing else: <c>DateTimeOffset.TryParse</c> would also take
    /// <c>03/04/2009 08:00 GMT</c> as the 4th of March, where a French operator means the 3rd of April.
    /// RFC 3339 allows a lower-case <c>t</c> and <c>z</c>.
    /// </summary>
    /// <remarks>
    /// Two forms a client writes without meaning anything else are read too: an offset whose <c>+</c>
    /// arrived as a space (<c>?releaseAt=2010-01-20T09:30:00+01:00</c> pasted unencoded into a query
    /// string: the form encoding of a space is <c>+</c>), and fractions of a second past the 7 digits
    /// .NET keeps (nanoseconds, as Java and <c>date -Ins</c> write them), cut to 7.
    /// </remarks>
    private static bool TryParseDateAndTime(string text, out DateTimeOffset instant)
    {
        var iso = PlusAsSpace.Replace(Nanoseconds.Replace(text.ToUpperInvariant(), "$1"), "$1+$2");
        return DateTimeOffset.TryParseExact(
            iso, DateAndTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
    }

    private static readonly System.Text.RegularExpressions.Regex Nanoseconds = new(@"(T[0-9:]+\.[0-9]{7})[0-9]+", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static readonly System.Text.RegularExpressions.Regex PlusAsSpace = new(@"^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+) ([0-9]{2}:[0-9]{2})$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
}
