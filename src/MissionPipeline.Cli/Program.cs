using System.Globalization;
using MissionPipeline.Cli;

// The command speaks French whatever the machine's locale (a server's is often C or en_US): the
// parser's own words (« Utilisation », its usage errors) come from its French resources, shipped
// beside it (SatelliteResourceLanguages). Only the interface's language: numbers and dates keep
// their explicit cultures.
CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fr-FR");
return await MissionCommand.InvokeAsync(args).ConfigureAwait(false);
