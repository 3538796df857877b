using MissionPipeline.Validation;

namespace MissionPipeline.Geography;

/// <summary>
/// Finds a département of 2009 from a code as a record-level file writes it, fast: the usual
/// spellings (<c>01</c>–<c>95</c>, <c>2A</c>, <c>2B</c>, <c>971</c>–<c>974</c>) are looked up from their
/// bytes in a small table; anything else (<c>1</c>, <c>2a</c>, <c> 75 </c>, <c>1.0</c>, <c>DEP-75</c>) goes
/// through <see cref="Geography2009.TryFindDepartement"/>. The index is the département's position
/// in <see cref="Geography2009.Departements"/>.
/// </summary>
internal sealed class DepartementCodes
{
    // Two characters: first digit × 12 + (digit, A = 10, B = 11); three characters 97x: 120 + x.
    private const int Slots = 130;

    private readonly Geography2009 _geography;
    private readonly byte[] _indexPlusOne = new byte[Slots];
    private readonly Dictionary<Territory, int> _index = [];

    public DepartementCodes(Geography2009 geography)
    {
        _geography = geography;
        for (var i = 0; i < geography.Departements.Count; i++)
        {
            var territory = geography.Departements[i].Territory;
            _index[territory] = i;
            var key = Key(System.Text.Encoding.ASCII.GetBytes(territory.LocalCode));
            if (key >= 0)
            {
                _indexPlusOne[key] = (byte)(i + 1);
            }
        }
    }

    /// <summary>The index of the département written exactly as <c>01</c>, <c>2A</c>, <c>971</c>; -1 otherwise.</summary>
    public int Find(ReadOnlySpan<byte> code)
    {
        var key = Key(code);
        return key < 0 ? -1 : _indexPlusOne[key] - 1;
    }

    /// <summary>The index of the département written in any way people write one; -1 if none.</summary>
    public int Find(string code)
    {
        if (_geography.TryFindDepartement(code, out var departement)
            || (Territory.TryParse(code, out var territory) && territory.Kind == TerritoryKind.Departement && _geography.TryGetDepartement(territory, out departement)))
        {
            return _index[departement.Territory];
        }

        return -1;
    }

    /// <summary>Why <paramref name="text"/> is not a département of 2009: the error code and a French message saying what to write.</summary>
    public static (string Code, string Message) Explain(string text)
    {
        const string Expected = "écrivez le code INSEE du département d'inscription (01 à 95, 2A, 2B, 971 à 974)";
        if (string.IsNullOrWhiteSpace(text))
        {
            return (IssueCodes.InvalidTerritory, $"Département manquant : {Expected}.");
        }

        if (Territory.TryParse(text, out var territory) && territory.Kind is TerritoryKind.Region or TerritoryKind.France or TerritoryKind.Metropole or TerritoryKind.OutreMer)
        {
            var what = territory.Kind switch
            {
                TerritoryKind.Region => "une région",
                TerritoryKind.France => "la France entière",
                TerritoryKind.Metropole => "la France métropolitaine",
                _ => "l'outre-mer",
            };
            return (IssueCodes.NotADepartement, $"« {text} » désigne {what}, pas un département : {Expected}.");
        }

        var code = text.Trim().ToUpperInvariant();
        code = code.StartsWith("DEP-", StringComparison.Ordinal) ? code[4..] : code;
        return code.Length is >= 1 and <= 3 && code.All(char.IsAsciiDigit)
            ? (IssueCodes.UnknownTerritory, $"« {text} » n'est pas un département de 2009 : vérifiez le code (la Corse s'écrit 2A et 2B ; Mayotte, 976, n'est un département que depuis 2011).")
            : (IssueCodes.InvalidTerritory, $"Département « {text} » illisible : {Expected}.");
    }

    private static int Key(ReadOnlySpan<byte> code)
    {
        if (code.Length == 2 && (uint)(code[0] - '0') <= 9)
        {
            var second = code[1] switch
            {
                >= (byte)'0' and <= (byte)'9' => code[1] - '0',
                (byte)'A' => 10,
                (byte)'B' => 11,
                _ => -1,
            };
            return second < 0 ? -1 : ((code[0] - '0') * 12) + second;
        }

        return code is [(byte)'9', (byte)'7', var last] && (uint)(last - '0') <= 9 ? 120 + (last - '0') : -1;
    }
}
