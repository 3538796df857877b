using System.Text;
using System.Text.RegularExpressions;

namespace MissionPipeline.Tests.Infra;

/// <summary>
/// Reads, without compiling anything, (1) the keys of a Bicep object literal (the app settings the
/// template sets) and (2) the configuration keys C# code reads. Whatever it cannot model it reports
/// in <see cref="CodeSettings.Unmodelled"/> instead of ignoring it, so a new way of reading
/// configuration fails the tests until the scanner (and the template) learn it.
/// </summary>
internal static partial class SettingsScanner
{
    /// <summary>What the code reads. Keys use the app-setting form: a section's key is <c>Section__key</c>.</summary>
    /// <param name="Keys">Every configuration key read, plain or in a section.</param>
    /// <param name="Sections">Names used as configuration sections (their keys are in <paramref name="Keys"/>), nested ones as <c>Outer__Inner</c>.</param>
    /// <param name="Connections">Trigger and binding connections: connection name → binding attribute (e.g. BlobTrigger).</param>
    /// <param name="Unmodelled">Configuration reads the scanner cannot resolve to a key, with their file.</param>
    /// <param name="Families">Sections whose children the code enumerates (<c>GetChildren()</c>): it reads
    /// <c>Family__{child}</c> for whatever children are set, so the expected children must come from elsewhere.</param>
    internal sealed record CodeSettings(
        IReadOnlySet<string> Keys,
        IReadOnlySet<string> Sections,
        IReadOnlyDictionary<string, string> Connections,
        IReadOnlyList<string> Unmodelled,
        IReadOnlySet<string> Families);

    // ------------------------------------------------------------------ Bicep

    /// <summary>The keys of <c>var {name} = { … }</c>, one key per line, in order.</summary>
    public static IReadOnlyList<string> BicepObjectVariableKeys(string bicep, string name) =>
        BicepObjectVariableEntries(bicep, name).Select(e => e.Key).ToArray();

    /// <summary>
    /// The top-level entries of <c>var {name} = { … }</c>, one per line, in order: the key and the text
    /// of its value (trimmed, without a trailing comment; <c>{</c> for a nested object).
    /// </summary>
    public static IReadOnlyList<(string Key, string Value)> BicepObjectVariableEntries(string bicep, string name)
    {
        var declaration = new Regex($@"^var\s+{Regex.Escape(name)}\s*=\s*\{{", RegexOptions.Multiline).Match(bicep);
        if (!declaration.Success)
        {
            throw new InvalidOperationException($"No 'var {name} = {{' in the template.");
        }

        var keys = new List<(string Key, string Value)>();
        var depth = 0;
        foreach (var rawLine in bicep[(declaration.Index + declaration.Length - 1)..].Split('\n'))
        {
            if (rawLine.Contains("'''", StringComparison.Ordinal))
            {
                throw new NotSupportedException($"Multi-line string in 'var {name}': not parsed.");
            }

            var withoutComment = rawLine[..BicepCommentStart(rawLine)];
            if (depth == 1 && BicepKeyRegex().Match(withoutComment) is { Success: true } key)
            {
                keys.Add((key.Groups["quoted"].Success ? key.Groups["quoted"].Value : key.Groups["id"].Value, withoutComment[key.Length..].Trim()));
            }

            var code = BicepCode(rawLine);
            if (depth == 1 && HasCommaOutsideCalls(code))
            {
                throw new NotSupportedException($"'var {name}' must have one key per line: {rawLine.Trim()}");
            }

            foreach (var c in code)
            {
                depth += c switch { '{' => 1, '}' => -1, _ => 0 };
            }

            if (depth == 0)
            {
                return keys;
            }
        }

        throw new InvalidOperationException($"'var {name}' is not closed.");
    }

    /// <summary>The text of the block that starts at the first '{' at or after <paramref name="start"/>, braces included.</summary>
    public static string BicepBlock(string bicep, int start)
    {
        var open = bicep.IndexOf('{', start);
        var depth = 0;
        var inString = false;
        for (var i = open; i < bicep.Length; i++)
        {
            var c = bicep[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '\'')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '/' && i + 1 < bicep.Length && bicep[i + 1] == '/')
            {
                i = bicep.IndexOf('\n', i) is var eol and >= 0 ? eol : bicep.Length;
                continue;
            }

            if (c == '\'')
            {
                if (string.CompareOrdinal(bicep, i, "'''", 0, 3) == 0)
                {
                    i = bicep.IndexOf("'''", i + 3, StringComparison.Ordinal) + 2;
                    continue;
                }

                inString = true;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return bicep[open..(i + 1)];
            }
        }

        throw new InvalidOperationException("Unbalanced braces in the template.");
    }

    /// <summary>A Bicep line without its comment and with its string literals emptied.</summary>
    private static string BicepCode(string line) => BicepStringRegex().Replace(line[..BicepCommentStart(line)], "''");

    /// <summary>Where the line's <c>//</c> comment starts (outside string literals), or its length.</summary>
    private static int BicepCommentStart(string line)
    {
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '\'')
                {
                    inString = false;
                }
            }
            else if (c == '\'')
            {
                inString = true;
            }
            else if (c == '/' && i + 1 < line.Length && line[i + 1] == '/')
            {
                return i;
            }
        }

        return line.Length;
    }

    /// <summary>
    /// A comma that separates object entries (several keys on one line), as opposed to one between a
    /// function's arguments or an array's items: <c>join(origins, ',')</c> is one value.
    /// </summary>
    private static bool HasCommaOutsideCalls(string code)
    {
        var depth = 0;
        foreach (var c in code)
        {
            depth += c switch { '(' or '[' => 1, ')' or ']' => -1, _ => 0 };
            if (c == ',' && depth == 0)
            {
                return true;
            }
        }

        return false;
    }

    // ------------------------------------------------------------------ C#

    /// <summary>Scans C# sources (and JSON such as host.json, for <c>%setting%</c> references).</summary>
    public static CodeSettings ScanCode(IEnumerable<(string Path, string Text)> files)
    {
        var sources = files.Select(f => (f.Path, Text: f.Path.EndsWith(".cs", StringComparison.Ordinal) ? StripComments(f.Text) : f.Text)).ToArray();
        var constants = Constants(sources.Where(s => s.Path.EndsWith(".cs", StringComparison.Ordinal)));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var sections = new HashSet<string>(StringComparer.Ordinal);
        var connections = new Dictionary<string, string>(StringComparer.Ordinal);
        var unmodelled = new List<string>();
        var families = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (path, text) in sources)
        {
            var file = Path.GetFileName(path);
            foreach (Match m in PercentSettingRegex().Matches(text))
            {
                keys.Add(Normalize(m.Groups[1].Value));
            }

            if (!path.EndsWith(".cs", StringComparison.Ordinal))
            {
                continue;
            }

            // A constant of this file first (C# resolves an unqualified name in its own type), then of any file.
            var fileConstants = Constants([(path, text)]);
            string? Resolve(string expression) => ResolveString(expression, fileConstants) ?? ResolveString(expression, constants);

            // Receivers that are configuration objects: conventional names, typed declarations, aliases.
            var configurations = new HashSet<string>(StringComparer.Ordinal) { "configuration", "Configuration", "builder.Configuration", "context.Configuration" };
            foreach (Match m in ConfigurationDeclarationRegex().Matches(text))
            {
                configurations.Add(m.Groups[1].Value);
            }

            // A section variable maps to its full path: section.GetSection("B") inside section "A" is "A__B".
            var sectionVariables = new Dictionary<string, string>(StringComparer.Ordinal);
            var modelledGetSections = new HashSet<int>();
            var modelledGetChildren = new HashSet<int>();

            // The section that receiver.GetSection(arg) designates, or null when the receiver is not a
            // configuration object nor a known section, or the argument is not a resolvable string.
            string? SubSection(Group receiver, string argument)
            {
                var name = Resolve(argument);
                if (name is null)
                {
                    return null;
                }

                if (!receiver.Success || configurations.Contains(receiver.Value) || receiver.Value.EndsWith(".Configuration", StringComparison.Ordinal))
                {
                    return Normalize(name);
                }

                return sectionVariables.TryGetValue(receiver.Value, out var outer) ? $"{outer}__{Normalize(name)}" : null;
            }

            foreach (Match m in SectionVariableRegex().Matches(text))
            {
                if (SubSection(m.Groups["receiver"], m.Groups["arg"].Value) is { } section)
                {
                    sectionVariables[m.Groups["var"].Value] = section;
                    sections.Add(section);
                    modelledGetSections.Add(m.Groups["call"].Index);
                }
            }

            foreach (Match m in InlineSectionIndexerRegex().Matches(text))
            {
                if (SubSection(m.Groups["receiver"], m.Groups["section"].Value) is { } section && Resolve(m.Groups["key"].Value) is { } key)
                {
                    sections.Add(section);
                    keys.Add($"{section}__{Normalize(key)}");
                    modelledGetSections.Add(m.Groups["call"].Index);
                }
            }

            // GetChildren(): on a section variable, or on receiver.GetSection(arg). The children's names
            // are data, not code: the family is recorded and the test decides which children to expect.
            // On the configuration root it would enumerate every setting: not modelled.
            foreach (Match m in ChildrenRegex().Matches(text))
            {
                var family = m.Groups["call"].Success
                    ? SubSection(m.Groups["receiver"], m.Groups["section"].Value)
                    : sectionVariables.GetValueOrDefault(m.Groups["receiver"].Value);
                if (family is not null)
                {
                    sections.Add(family);
                    families.Add(family);
                    modelledGetChildren.Add(m.Groups["children"].Index);
                    if (m.Groups["call"].Success)
                    {
                        modelledGetSections.Add(m.Groups["call"].Index);
                    }
                }
            }

            foreach (Match m in GetSectionCallRegex().Matches(text))
            {
                if (!modelledGetSections.Contains(m.Index))
                {
                    unmodelled.Add($"{file}: {Line(text, m.Index)}");
                }
            }

            foreach (Match m in GetChildrenCallRegex().Matches(text))
            {
                if (!modelledGetChildren.Contains(m.Index))
                {
                    unmodelled.Add($"{file}: {Line(text, m.Index)}");
                }
            }

            foreach (Match m in IndexerRegex().Matches(text))
            {
                var receiver = m.Groups["receiver"].Value;
                var isConfiguration = configurations.Contains(receiver) || receiver.EndsWith(".Configuration", StringComparison.Ordinal);
                var section = sectionVariables.GetValueOrDefault(receiver);
                if (!isConfiguration && section is null)
                {
                    continue; // an indexer on something else (request.Query["format"], a dictionary…)
                }

                if (Resolve(m.Groups["arg"].Value) is not { } key)
                {
                    unmodelled.Add($"{file}: {Line(text, m.Index)}");
                    continue;
                }

                keys.Add(section is null ? Normalize(key) : $"{section}__{Normalize(key)}");
            }

            foreach (Match m in KeyedCallRegex().Matches(text))
            {
                var receiver = m.Groups["receiver"].Value;
                var section = sectionVariables.GetValueOrDefault(receiver);
                if (Resolve(m.Groups["arg"].Value) is not { } key)
                {
                    unmodelled.Add($"{file}: {Line(text, m.Index)}");
                    continue;
                }

                var name = m.Groups["method"].Value == "GetConnectionString" ? $"ConnectionStrings__{key}" : Normalize(key);
                keys.Add(section is null ? name : $"{section}__{name}");
            }

            foreach (Match m in ConnectionRegex().Matches(text))
            {
                if (Resolve(m.Groups["arg"].Value) is { } connection)
                {
                    connections[connection] = m.Groups["attribute"].Value;
                }
                else
                {
                    unmodelled.Add($"{file}: {Line(text, m.Index)}");
                }
            }

            foreach (Match m in UnmodelledRegex().Matches(text))
            {
                unmodelled.Add($"{file}: {Line(text, m.Index)}");
            }
        }

        return new CodeSettings(keys, sections, connections, unmodelled, families);
    }

    /// <summary>Configuration keys are case-insensitive and ':' and '__' are the same separator; app settings use '__'.</summary>
    private static string Normalize(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static string? ResolveString(string expression, IReadOnlyDictionary<string, string?> constants)
    {
        expression = expression.Trim();
        if (LiteralRegex().Match(expression) is { Success: true } literal)
        {
            return literal.Groups[1].Value;
        }

        if (NameofRegex().Match(expression) is { Success: true } nameOf)
        {
            return nameOf.Groups[1].Value;
        }

        return constants.TryGetValue(expression, out var value) ? value : null;
    }

    /// <summary>String constants by simple name (null when two types define the same name) and by Type.Name.</summary>
    private static Dictionary<string, string?> Constants(IEnumerable<(string Path, string Text)> sources)
    {
        var constants = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (_, text) in sources)
        {
            var types = TypeDeclarationRegex().Matches(text);
            foreach (Match m in ConstantRegex().Matches(text))
            {
                var name = m.Groups[1].Value;
                var value = m.Groups[2].Value;
                var type = types.LastOrDefault(t => t.Index < m.Index)?.Groups[1].Value;
                constants[name] = constants.TryGetValue(name, out var existing) && existing != value ? null : value;
                if (type is not null)
                {
                    constants[$"{type}.{name}"] = value;
                }
            }
        }

        return constants;
    }

    private static string StripComments(string code)
    {
        var builder = new StringBuilder(code.Length);
        foreach (var line in BlockCommentRegex().Replace(code, " ").Split('\n'))
        {
            builder.Append(LineCommentRegex().IsMatch(line) ? string.Empty : line).Append('\n');
        }

        return builder.ToString();
    }

    private static string Line(string text, int index)
    {
        var start = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        var end = text.IndexOf('\n', index);
        return text[start..(end < 0 ? text.Length : end)].Trim();
    }

    [GeneratedRegex(@"^\s*(?:'(?<quoted>[^']+)'|(?<id>[A-Za-z_][A-Za-z0-9_]*))\s*:")]
    private static partial Regex BicepKeyRegex();

    [GeneratedRegex(@"'(?:[^'\\]|\\.)*'")]
    private static partial Regex BicepStringRegex();

    [GeneratedRegex(@"%([A-Za-z_][A-Za-z0-9_:.\-]*)%")]
    private static partial Regex PercentSettingRegex();

    [GeneratedRegex(@"\b(?:IConfiguration|IConfigurationRoot|IConfigurationSection|IConfigurationManager|ConfigurationManager)\??\s+(\w+)")]
    private static partial Regex ConfigurationDeclarationRegex();

    // Receivers are simple (a.b.c): a chain such as x.GetSection(a).GetSection(b) matches none of
    // these (the look-behind refuses a match that starts right after '.' or ')') and stays unmodelled.
    [GeneratedRegex(@"\b(?:var|IConfigurationSection|IConfiguration)\s+(?<var>\w+)\s*=\s*(?:(?<receiver>[A-Za-z_][\w.]*)\.)?(?<call>GetSection)\(\s*(?<arg>[^()]+?)\s*\)\s*;")]
    private static partial Regex SectionVariableRegex();

    [GeneratedRegex(@"(?<![\w.)\]])(?:(?<receiver>[A-Za-z_][\w.]*)\.)?(?<call>GetSection)\(\s*(?<section>[^()]+?)\s*\)\s*\[\s*(?<key>[^\[\]]+?)\s*\]")]
    private static partial Regex InlineSectionIndexerRegex();

    [GeneratedRegex(@"(?<![\w.)\]])(?<receiver>[A-Za-z_][\w.]*)\.(?:(?<call>GetSection)\(\s*(?<section>[^()]+?)\s*\)\s*\.\s*)?(?<children>GetChildren)\(\s*\)")]
    private static partial Regex ChildrenRegex();

    [GeneratedRegex(@"GetSection\(")]
    private static partial Regex GetSectionCallRegex();

    [GeneratedRegex(@"\bGetChildren\(")]
    private static partial Regex GetChildrenCallRegex();

    [GeneratedRegex(@"(?<receiver>[A-Za-z_][\w.]*)\[\s*(?<arg>[^\[\]]+?)\s*\]")]
    private static partial Regex IndexerRegex();

    [GeneratedRegex(@"(?:(?<receiver>[A-Za-z_][\w.]*)\.)?\b(?<method>GetValue<[^>]+>|GetConnectionString|GetEnvironmentVariable)\(\s*(?<arg>[^(),]+?)\s*[,)]")]
    private static partial Regex KeyedCallRegex();

    [GeneratedRegex(@"(?<attribute>\w+)\((?:[^()]|\([^()]*\))*?\bConnection\s*=\s*(?<arg>[^,)\]]+)")]
    private static partial Regex ConnectionRegex();

    // Configure<T>(c => …) sets options in code, reading no setting; Configure<T>(section) binds one.
    [GeneratedRegex(@"\.Bind\(|\bBindConfiguration\(|\bAddOptions<|\bConfigure<[^>]*>\((?!\s*\w+\s*=>)")]
    private static partial Regex UnmodelledRegex();

    [GeneratedRegex(@"^""((?:[^""\\]|\\.)*)""$")]
    private static partial Regex LiteralRegex();

    [GeneratedRegex(@"^nameof\((?:[\w.]*\.)?(\w+)\)$")]
    private static partial Regex NameofRegex();

    [GeneratedRegex(@"\bconst\s+string\s+(\w+)\s*=\s*""([^""]*)""\s*;")]
    private static partial Regex ConstantRegex();

    [GeneratedRegex(@"\b(?:class|record|struct|interface)\s+(\w+)")]
    private static partial Regex TypeDeclarationRegex();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockCommentRegex();

    [GeneratedRegex(@"^\s*//")]
    private static partial Regex LineCommentRegex();
}
