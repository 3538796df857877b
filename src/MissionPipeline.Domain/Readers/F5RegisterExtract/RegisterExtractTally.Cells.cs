using MissionPipeline.Geography;
using System.Globalization;
using System.Text;
using MissionPipeline.Periods;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>Reading each cell of an F5 row: from its bytes on the usual spellings, through text otherwise, reporting what is wrong.</summary>
internal sealed partial class RegisterExtractTally
{
    private bool CheckMonth(int row, ReadOnlySpan<byte> cell)
    {
        if (_monthBytes is not null && cell.SequenceEqual(_monthBytes))
        {
            return true;
        }

        var text = Decode(cell);
        if (!Period.TryParse(text, out var period) || period.Kind != PeriodKind.Month)
        {
            Error(IssueCodes.InvalidPeriod, row, _header.Month, text,
                string.IsNullOrWhiteSpace(text) ? "Mois manquant : écrivez le mois de l'extrait sous la forme AAAA-MM (par exemple 2009-03)." : $"Mois « {text} » illisible : écrivez le mois de l'extrait sous la forme AAAA-MM (par exemple 2009-03).");
            return false;
        }

        if (_periodCell is null)
        {
            _monthBytes = cell.ToArray();
            _period = period;
            _periodCell = At(row, _header.Month, text);
            _periodAccepted = _checks.CheckPeriod(period, _periodCell);
            return _periodAccepted;
        }

        if (period == _period)
        {
            return true;
        }

        Error(IssueCodes.MixedMonths, row, _header.Month, text, string.Create(CultureInfo.InvariantCulture,
            $"Mois {period} alors que le fichier porte sur le mois {_period} ({_periodCell.Where}) : un extrait ne couvre qu'un mois. Déposez un fichier par mois."));
        return false;
    }

    /// <summary>0 to 4 for A to E, or -1 (reported).</summary>
    private int Category(int row, ReadOnlySpan<byte> cell)
    {
        if (cell.Length == 1 && (uint)(cell[0] - 'A') <= 4)
        {
            return cell[0] - 'A';
        }

        var text = Decode(cell).Trim().ToUpperInvariant();
        if (text.Length == 1 && text[0] is >= 'A' and <= 'E')
        {
            return text[0] - 'A';
        }

        Error(IssueCodes.UnknownCategory, row, _header.Category, Decode(cell), text.Length == 0
            ? "Catégorie manquante : la catégorie d'inscription du demandeur s'écrit A, B, C, D ou E."
            : $"Catégorie « {Decode(cell)} » inconnue : la catégorie d'inscription du demandeur s'écrit A, B, C, D ou E.");
        return -1;
    }

    /// <summary>0 for FR, 1 for UE, 2 for HUE, or -1 (reported).</summary>
    private int Nationality(int row, ReadOnlySpan<byte> cell)
    {
        var found = NationalityOf(cell);
        if (found < 0)
        {
            found = NationalityOf(Encoding.UTF8.GetBytes(Decode(cell).Trim().ToUpperInvariant()));
        }

        if (found < 0)
        {
            var text = Decode(cell);
            Error(IssueCodes.UnknownNationality, row, _header.Nationality, text,
                $"Nationalité {(string.IsNullOrWhiteSpace(text) ? "manquante" : $"« {text} » inconnue")} : écrivez FR (française), UE (d'un autre pays de l'Union européenne) ou HUE (hors Union européenne).");
        }

        return found;
    }

    private static int NationalityOf(ReadOnlySpan<byte> cell) =>
        cell.SequenceEqual("FR"u8) ? 0 : cell.SequenceEqual("UE"u8) ? 1 : cell.SequenceEqual("HUE"u8) ? Hue : -1;

    /// <summary>The index of the département in the geography, or -1 (reported).</summary>
    private int Departement(int row, ReadOnlySpan<byte> cell)
    {
        var index = _departements.Find(cell);
        if (index < 0)
        {
            var text = Decode(cell);
            index = _departements.Find(text);
            if (index < 0)
            {
                var (code, message) = DepartementCodes.Explain(text);
                Error(code, row, _header.Departement, text, message);
            }
        }

        return index;
    }

    /// <summary>Logs the identifier (checked for duplicates at the end); false when it is blank.</summary>
    private bool Identifier(int row, ReadOnlySpan<byte> cell)
    {
        cell = cell.Trim((byte)' ');
        if (cell.IsEmpty)
        {
            Error(IssueCodes.MissingValue, row, _header.Identifier, string.Empty,
                "Identifiant manquant : chaque ligne porte l'identifiant pseudonymisé du demandeur, qui permet de vérifier qu'il n'est compté qu'une fois.");
            return false;
        }

        _identifiers.Add(cell, row);
        return true;
    }
}
