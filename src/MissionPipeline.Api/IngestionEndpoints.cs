using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Publishing;
using MissionPipeline.Storage;
using MissionPipeline.Text;

namespace MissionPipeline.Api;

/// <summary>
/// An agency's files and their reports: only for that agency's key or the admin key. An unknown
/// agency or report is a 404, whoever asks.
/// </summary>
public sealed partial class IngestionEndpoints(CommittedObservations committed, IndicatorCatalogue catalogue, SnapshotCache snapshots)
{
    /// <summary>
    /// <c>GET /api/ingestions/{agency}</c>: the agency's files, newest upload first, each with the
    /// unusual values it brought that the latest published snapshot flags (<c>unusualValues</c>;
    /// empty before any snapshot): the values are judged against their history by the recompute,
    /// never at ingestion, and never block a file.
    /// </summary>
    public async Task<IResult> GetIngestions(HttpRequest request, string agency, CancellationToken cancellationToken = default)
    {
        if (Known(agency) is not { } id)
        {
            return Problems.NotFound($"Agence « {Echo.Shorten(agency)} » inconnue. Agences : {string.Join(", ", catalogue.Agencies.Select(a => a.Id.Value))}.");
        }

        var rows = await committed.IngestionsOfAsync(id, cancellationToken).ConfigureAwait(false);
        var unusual = await UnusualByFileAsync(id, cancellationToken).ConfigureAwait(false);
        var body = Responses.JsonBody(w =>
        {
            w.WriteStartObject();
            w.WriteString("agency", id.Value);
            w.WriteStartArray("ingestions");
            foreach (var row in rows)
            {
                WriteRow(w, row, unusual[row.RowKey]);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        return Responses.Cached(request, body, Responses.Json, "private, no-cache");
    }

    /// <summary><c>GET /api/ingestions/{agency}/{ingestId}</c>: the report of one file, as written by the ingest job.</summary>
    public async Task<IResult> GetIngestion(HttpRequest request, string agency, string ingestId, CancellationToken cancellationToken = default)
    {
        if (Known(agency) is not { } id)
        {
            return Problems.NotFound($"Agence « {Echo.Shorten(agency)} » inconnue.");
        }

        // Hexadecimal in either case, as a tool may write it (the ids are written lower-case).
        if (IngestIdPattern().IsMatch(ingestId))
        {
            ingestId = ingestId.ToLowerInvariant();
        }
        else
        {
            // Malformed, as a bad date or territory: 400, not « no such file ».
            return Problems.BadRequest($"« {Echo.Shorten(ingestId)} » n'est pas un identifiant d'intégration (32 caractères hexadécimaux).");
        }

        return await committed.ReportAsync(id, ingestId, cancellationToken).ConfigureAwait(false) is { } report
            ? Responses.Cached(request, report.ToMemory(), Responses.Json, "private, no-cache")
            : Problems.NotFound($"Aucun rapport {ingestId} pour l'agence {id.Value}.");
    }


    /// <summary>The agency named, or the files dropped outside any agency's folder (<see cref="IngestFile.UnknownAgency"/>, the admin's only: <see cref="ApiGate"/>); null for any other name.</summary>
    private AgencyId? Known(string agency) =>
        agency == IngestFile.UnknownAgency || (AgencyId.IsValid(agency) && catalogue.KnowsAgency(new AgencyId(agency))) ? new AgencyId(agency) : null;

    /// <summary>The latest snapshot's unusual values brought by the agency's files, by ingest id.</summary>
    private async Task<ILookup<string, (IndicatorId Indicator, IndicatorWarning Warning)>> UnusualByFileAsync(AgencyId agency, CancellationToken cancellationToken)
    {
        if (await snapshots.GetAsync(null, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false) is not { } latest)
        {
            return Array.Empty<(IndicatorId, IndicatorWarning)>().ToLookup(x => string.Empty);
        }

        return DashboardJson.Read(latest.Content.ToMemory()).Indicators
            .SelectMany(r => r.Warnings.Select(w => (Indicator: r.Id, Warning: w)))
            .Where(x => x.Warning.Code == IndicatorWarning.UnusualValue && x.Warning.Agency == agency && x.Warning.IngestId is not null)
            .ToLookup(x => x.Warning.IngestId!);
    }

    private static void WriteRow(Utf8JsonWriter w, IngestionRow row, IEnumerable<(IndicatorId Indicator, IndicatorWarning Warning)> unusual)
    {
        w.WriteStartObject();
        w.WriteString("ingestId", row.RowKey);
        w.WriteString("file", row.File);
        w.WriteString("status", row.Status);
        w.WriteString("received", IsoInstant.Write(row.UploadedAt));
        w.WriteString("format", row.Format);
        w.WriteNumber("size", row.Size);
        w.WriteNumber("rows", row.Rows);
        w.WriteNumber("observations", row.Observations);
        w.WriteNumber("errors", row.Errors);
        w.WriteNumber("warnings", row.Warnings);
        w.WriteString("sha256", row.Sha256);
        w.WriteString("report", $"/api/ingestions/{row.PartitionKey}/{row.RowKey}");
        w.WriteStartArray("unusualValues");
        foreach (var (indicator, warning) in unusual)
        {
            w.WriteStartObject();
            w.WriteString("indicator", indicator.Value);
            w.WriteString("period", warning.Period.ToString());
            w.WriteString("territory", warning.Territory.Code);
            w.WriteNumberOrNull("value", warning.Value);
            w.WriteNumberOrNull("usualLow", warning.UsualLow);
            w.WriteNumberOrNull("usualHigh", warning.UsualHigh);
            w.WriteString("message", warning.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    [GeneratedRegex("^[0-9a-fA-F]{32}$")]
    private static partial Regex IngestIdPattern();
}
