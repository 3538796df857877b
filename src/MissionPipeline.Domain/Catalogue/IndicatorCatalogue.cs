using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace MissionPipeline.Catalogue;

/// <summary>
/// An agency: its id (the upload folder), its full name, and how people say it in a sentence, with
/// its article (<c>l'OFII</c>, <c>la DCPAF</c>, <c>Pôle emploi</c>).
/// </summary>
public sealed record Agency(AgencyId Id, string Name, string Said)
{
    /// <summary>"de" before the name as French writes it: <c>de l'OFII</c>, <c>de la DCPAF</c>, <c>du DSED</c>, <c>d'Eurostat</c>, <c>de Pôle emploi</c>.</summary>
    public string Of => Said switch
    {
        _ when Said.StartsWith("le ", StringComparison.Ordinal) => "du " + Said[3..],
        _ when Said.StartsWith("les ", StringComparison.Ordinal) => "des " + Said[4..],
        _ when Said.StartsWith("l'", StringComparison.Ordinal) || Said.StartsWith("la ", StringComparison.Ordinal) => "de " + Said,
        _ when "aeiouyéèêàâîôûAEIOUYÉÈÊÀÂÎÔÛ".Contains(Said[0], StringComparison.Ordinal) => "d'" + Said,
        _ => "de " + Said,
    };

    /// <summary>"par" before the name: <c>par l'OFII</c>, <c>par le DSED</c>.</summary>
    public string By => "par " + Said;

    /// <summary>The name without its article, for a table's tight line: <c>OFII</c>, <c>DCPAF</c>, <c>DSED</c>, <c>Pôle emploi</c>.</summary>
    public string Bare => Said switch
    {
        _ when Said.StartsWith("l'", StringComparison.Ordinal) => Said[2..],
        _ when Said.StartsWith("la ", StringComparison.Ordinal) || Said.StartsWith("le ", StringComparison.Ordinal) => Said[3..],
        _ when Said.StartsWith("les ", StringComparison.Ordinal) => Said[4..],
        _ => Said,
    };
}

/// <summary>One of the letter's five priorities.</summary>
public sealed record Axis(int Number, string Title);

/// <summary>
/// The catalogue of the letter's objectives, loaded from one JSON file (data, never code: a new
/// year's objectives are a change of data only) and checked as a whole when loaded.
/// </summary>
public sealed class IndicatorCatalogue
{
    private readonly FrozenDictionary<IndicatorId, Indicator> _byId;

    internal IndicatorCatalogue(string id, string title, IReadOnlyList<Agency> agencies, IReadOnlyList<Axis> axes, IReadOnlyList<Indicator> indicators, string hash)
    {
        Id = id;
        Title = title;
        Agencies = agencies;
        Axes = axes;
        Indicators = indicators;
        Hash = hash;
        _byId = indicators.ToFrozenDictionary(i => i.Id);
    }

    /// <summary>The catalogue shipped with the product (<c>Catalogue/catalogue.json</c>).</summary>
    public static IndicatorCatalogue Default => LazyDefault.Value;

    /// <summary>The catalogue's own id, e.g. <c>mission-2009</c>.</summary>
    public string Id { get; }

    public string Title { get; }

    public IReadOnlyList<Agency> Agencies { get; }

    public IReadOnlyList<Axis> Axes { get; }

    /// <summary>Every indicator, in the catalogue's order (axis, then as listed).</summary>
    public IReadOnlyList<Indicator> Indicators { get; }

    /// <summary>SHA-256 of the catalogue file (hex): recorded in every snapshot's manifest.</summary>
    public string Hash { get; }

    public bool TryGet(IndicatorId id, out Indicator indicator) => _byId.TryGetValue(id, out indicator!);

    public bool TryGet(string id, out Indicator indicator)
    {
        indicator = null!;
        return IndicatorId.IsValid(id) && _byId.TryGetValue(new IndicatorId(id), out indicator!);
    }

    public Indicator this[IndicatorId id] => _byId[id];

    /// <summary>
    /// The catalogue as a snapshot as of <paramref name="asOf"/> sees it: every indicator with the
    /// targets of that year (<see cref="Indicator.InForce"/>). Same id, hash and order.
    /// </summary>
    public IndicatorCatalogue InForce(DateOnly asOf) =>
        new(Id, Title, Agencies, Axes, [.. Indicators.Select(i => i.InForce(asOf))], Hash);

    public bool KnowsAgency(AgencyId agency) => Agencies.Any(a => a.Id == agency);

    /// <summary>
    /// The agencies whose files make the figures of <paramref name="indicator"/>: its sources, or for
    /// a derived indicator those of the indicators it is computed from, in order, each once.
    /// </summary>
    public IReadOnlyList<AgencyId> AgenciesOf(Indicator indicator) =>
        indicator.Derivation is { } derivation
            ? [.. derivation.Of.SelectMany(id => TryGet(id, out var of) ? AgenciesOf(of) : []).Distinct()]
            : indicator.Sources;

    /// <summary>The agency of this id; an unknown id stands for itself (its id as its name).</summary>
    public Agency AgencyOf(AgencyId id) => Agencies.FirstOrDefault(a => a.Id == id) ?? new Agency(id, id.Value, id.Value);

    /// <summary>The indicators an agency may report, in catalogue order.</summary>
    public IEnumerable<Indicator> ReportableBy(AgencyId agency) => Indicators.Where(i => i.MayBeReportedBy(agency));

    /// <summary>
    /// Loads and checks a catalogue. Throws <see cref="CatalogueException"/> naming the culprit for a
    /// duplicate id, an unknown agency, a derived indicator naming an unknown indicator, a target
    /// without a date, or any malformed field.
    /// </summary>
    public static IndicatorCatalogue Load(Stream json)
    {
        using var buffer = new MemoryStream();
        json.CopyTo(buffer);
        var bytes = buffer.ToArray();
        return CatalogueLoader.Parse(bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static readonly Lazy<IndicatorCatalogue> LazyDefault = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("MissionPipeline.Catalogue.json")
            ?? throw new InvalidOperationException("The catalogue resource is missing from the assembly.");
        return Load(stream);
    });
}

/// <summary>The catalogue is not valid; the message, in French, names the indicator or field at fault.</summary>
public sealed class CatalogueException(string message) : Exception(Text.FrenchTypography.Apply(message));
