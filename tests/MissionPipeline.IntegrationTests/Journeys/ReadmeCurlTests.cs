using System.Text.Json;
using System.Text.RegularExpressions;
using MissionPipeline.Api;

namespace MissionPipeline.IntegrationTests.Journeys;

/// <summary>
/// The README's <c>curl</c> examples, read from the README itself and sent as written to both hosts
/// over the demo's year (placeholders such as <c>&lt;ofii key&gt;</c> filled in): each answers 2xx or
/// 304, and each field its <c>jq</c> filter names is in the answer. A README example that stops
/// working fails here.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class ReadmeCurlTests(AzuriteFixture azurite)
{
    private const string AdminKey = "readme-admin-key";
    private const string OfiiKey = "readme-ofii-key";

    public static TheoryData<string, string> Examples()
    {
        var data = new TheoryData<string, string>();
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        var curls = CurlLine().Matches(readme).Select(m => m.Value.Trim()).Distinct().ToArray();
        foreach (var host in new[] { ApiHost.Serve, ApiHost.Functions })
        {
            foreach (var curl in curls)
            {
                data.Add(host, curl);
            }
        }

        return data;
    }

    [Fact]
    public void Readme_HasCurlExamplesForEveryGetRouteOfTheTable()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        var curls = string.Join("\n", CurlLine().Matches(readme).Select(m => m.Value));

        Assert.All(
            ApiRoutes.All.Where(r => r.Name != "GetOpenApi"),
            r => Assert.Matches("/api/" + Regex.Replace(Regex.Escape(r.Template), "\\\\\\{[^}]+}", "[^/?' ]+"), curls));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Curl_AsWrittenInTheReadme_AnswersAndHasTheFieldsItsJqNames(string host, string curl)
    {
        var demo = await DemoYear.GetAsync(azurite);
        var keys = new ApiOptions(null, AdminKey, new Dictionary<string, string> { ["ofii"] = OfiiKey }, []);
        await using var api = await ApiHost.StartAsync(host, demo.ConnectionString, demo.Layout, keys);
        if (Regex.Match(curl, "/api/snapshots/([0-9-]+)/") is { Success: true } approval)
        {
            // The steering unit's lines act on a draft: run them on a server holding one for that date (approval required), never on the demo's approved year.
            await using var steering = await DraftServerAsync(host, keys, approval.Groups[1].Value);
            if (curl.Contains("/withdraw", StringComparison.Ordinal))
            {
                // The line takes back an approval under embargo: the draft is given one first.
                var hour = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
                var approved = await steering.SendAsync(HttpMethod.Post, $"api/snapshots/{approval.Groups[1].Value}/approve?releaseAt={hour}", new Dictionary<string, string> { [ApiOptions.KeyHeader] = AdminKey });
                Assert.Equal(200, approved.Status);
            }

            await RunAsync(steering, host, curl, "\"\"", "<no ingestion>");
            return;
        }

        var etag = (await api.GetAsync("api/dashboard")).Header("ETag")!;
        var ingestId = (await api.GetAsync("api/ingestions/ofii", new Dictionary<string, string> { [ApiOptions.KeyHeader] = OfiiKey })).Json.GetProperty("ingestions")[0].GetProperty("ingestId").GetString()!;
        await RunAsync(api, host, curl, etag, ingestId);
    }

    /// <summary>A host requiring approval over a storage of its own, holding the draft of <paramref name="asOf"/>.</summary>
    private async Task<ApiHost> DraftServerAsync(string host, ApiOptions keys, string asOf)
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var api = await ApiHost.StartAsync(host, storage.ConnectionString, storage.Layout, keys, publication: new MissionPipeline.Storage.PublicationOptions(RequireApproval: true));
        var recompute = await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=" + asOf, new Dictionary<string, string> { [ApiOptions.KeyHeader] = AdminKey });
        Assert.Equal("draft", recompute.Json.GetProperty("state").GetString());
        return api;
    }

    private static async Task RunAsync(ApiHost api, string host, string curl, string etag, string ingestId)
    {
        var filled = curl
            .Replace("<etag of the previous answer>", etag.Trim('"'), StringComparison.Ordinal)
            .Replace("<ofii key>", OfiiKey, StringComparison.Ordinal)
            .Replace("<admin key>", AdminKey, StringComparison.Ordinal)
            .Replace("<ingestId>", ingestId, StringComparison.Ordinal);
        var (method, url, headers, jq) = Parse(filled);

        var answer = await api.SendAsync(method, url, headers);

        Assert.True(answer.Status is >= 200 and < 300 or 304, $"{curl} on {host}: {answer.Status} {answer.Text}");
        if (method == HttpMethod.Head)
        {
            Assert.Empty(answer.Body);
            Assert.NotNull(answer.Header("ETag")); // what the line is for
        }

        if (jq is not null && answer.Status == 200)
        {
            var json = answer.Json;
            foreach (Match field in JqField().Matches(jq))
            {
                var name = field.Groups[1].Value;
                var holder = json.ValueKind == JsonValueKind.Array ? json[0] : json;
                Assert.True(holder.TryGetProperty(name, out _) || Nested(holder, name), $"{curl} on {host}: no field {name} in {answer.Text[..Math.Min(300, answer.Text.Length)]}");
            }
        }
    }

    /// <summary>The method, the path under the host, the headers and the jq filter of one curl line.</summary>
    private static (HttpMethod Method, string Url, Dictionary<string, string> Headers, string? Jq) Parse(string curl)
    {
        // A shell comment after the command (« # 304 ») is no part of it, nor of its jq filter.
        var parts = Regex.Replace(curl, @"\s+#[^']*$", string.Empty).Split(" | jq ", 2);
        var jq = parts.Length == 2 ? parts[1].Trim().Trim('\'') : null;
        var command = parts[0];
        var method = Regex.Match(command, "-X (\\w+)") is { Success: true } m ? new HttpMethod(m.Groups[1].Value)
            : Regex.IsMatch(command, "^curl -\\w*I") ? HttpMethod.Head // -I, --head: curl sends HEAD
            : HttpMethod.Get;
        var url = Regex.Match(command, "'?http://127\\.0\\.0\\.1:7071/([^' ]*)'?").Groups[1].Value;
        var headers = Regex.Matches(command, "-H '([^:]+): ([^']*)'").ToDictionary(h => h.Groups[1].Value, h => h.Groups[2].Value);
        if (command.Contains("--compressed", StringComparison.Ordinal))
        {
            headers["Accept-Encoding"] = "br, gzip";
            jq = null; // curl would decompress before jq reads it; the compression journey checks the bytes
        }

        return (method, url, headers, jq);
    }

    private static bool Nested(JsonElement holder, string name) =>
        holder.ValueKind == JsonValueKind.Object && holder.EnumerateObject().Any(p =>
            (p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty(name, out _))
            || (p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() > 0 && p.Value[0].ValueKind == JsonValueKind.Object && p.Value[0].TryGetProperty(name, out _)));

    [GeneratedRegex(@"^curl .*$", RegexOptions.Multiline)]
    private static partial Regex CurlLine();

    [GeneratedRegex(@"(?<![\w\]])\.?\b([a-zA-Z]+)\b(?=[\[\s,}.]|$)")]
    private static partial Regex JqField();
}
