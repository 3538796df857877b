using System.Globalization;
using MissionPipeline.Cli;

// The command speaks French whatever the machine's locale (a server's is often C or en_US): the
// parser's own words (« Utilisation », its usage errors) come from its French resources, shipped
// beside it (SatelliteResourceLanguages). Only the interface's language: numbers and dates keep
// their explicit cultures.
CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fr-FR");
// French typography writes characters a Windows console's code page (850, 1252) lacks: the raised
// ordinals (1ᵉʳ trimestre), the narrow no-break space. UTF-8 out, as on Linux (no byte order mark).
Console.OutputEncoding = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
return await MissionCommand.InvokeAsync(args).ConfigureAwait(false);
