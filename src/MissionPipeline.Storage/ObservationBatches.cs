using System.Text;
using Azure.Data.Tables;

namespace MissionPipeline.Storage;

/// <summary>
/// Splits rows into table transactions that Azure accepts: one partition per transaction, at most
/// 100 operations and well under the 4 MiB payload limit. Azurite accepts some batches Azure
/// refuses, so this rule is unit-tested rather than trusted to the emulator.
/// </summary>
internal static class ObservationBatches
{
    public const int MaxOperations = 100;

    /// <summary>Payload budget per transaction, with a wide margin under the 4 MiB limit for JSON and multipart overhead.</summary>
    public const int MaxPayloadBytes = 2 * 1024 * 1024;

    public static IEnumerable<IReadOnlyList<ObservationRow>> Plan(IEnumerable<ObservationRow> rows)
    {
        foreach (var partition in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var batch = new List<ObservationRow>(MaxOperations);
            var bytes = 0;
            foreach (var row in partition.OrderBy(r => r.RowKey, StringComparer.Ordinal))
            {
                var size = EstimateBytes(row);
                if (batch.Count == MaxOperations || (batch.Count > 0 && bytes + size > MaxPayloadBytes))
                {
                    yield return batch;
                    batch = new List<ObservationRow>(MaxOperations);
                    bytes = 0;
                }

                batch.Add(row);
                bytes += size;
            }

            if (batch.Count > 0)
            {
                yield return batch;
            }
        }
    }

    public static IEnumerable<TableTransactionAction> Actions(IReadOnlyList<ObservationRow> batch) =>
        batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r));

    // A generous upper bound of the entity's JSON: names and values, UTF-8, plus per-operation headers.
    private static int EstimateBytes(ObservationRow row) =>
        1024 + (2 * (Encoding.UTF8.GetByteCount(row.PartitionKey) + Encoding.UTF8.GetByteCount(row.RowKey)))
        + (2 * Encoding.UTF8.GetByteCount(row.Comment ?? string.Empty));
}
