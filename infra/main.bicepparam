// Parameters for `azd up` / `azd provision`: every value comes from the azd environment
// (.azure/<env>/.env, set with `azd env set NAME value`), so one file serves every azd environment.
// The standing environments are also described explicitly in env/dev.bicepparam and
// env/prod.bicepparam (deployed with `az deployment sub create`, see infra/DEPLOY.md).
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME')
param location = readEnvironmentVariable('AZURE_LOCATION')

// One Entra ID security group per agency (object id); unset = no upload right for that agency yet.
param agencyGroups = {
  dcpaf: readEnvironmentVariable('MISSION_GROUP_DCPAF', '')
  ofii: readEnvironmentVariable('MISSION_GROUP_OFII', '')
  ofpra: readEnvironmentVariable('MISSION_GROUP_OFPRA', '')
  'pole-emploi': readEnvironmentVariable('MISSION_GROUP_POLE_EMPLOI', '')
  insee: readEnvironmentVariable('MISSION_GROUP_INSEE', '')
  dgt: readEnvironmentVariable('MISSION_GROUP_DGT', '')
  afnor: readEnvironmentVariable('MISSION_GROUP_AFNOR', '')
  dsed: readEnvironmentVariable('MISSION_GROUP_DSED', '')
  eurostat: readEnvironmentVariable('MISSION_GROUP_EUROSTAT', '')
}

param operatorsGroupObjectId = readEnvironmentVariable('MISSION_OPERATORS_GROUP', '')
param agenciesReadOwnUploads = bool(readEnvironmentVariable('MISSION_AGENCIES_READ_OWN_UPLOADS', 'false'))
param alertEmail = readEnvironmentVariable('MISSION_ALERT_EMAIL', '')
param dataStorageSku = readEnvironmentVariable('MISSION_DATA_STORAGE_SKU', 'Standard_LRS')
param archiveImmutabilityDays = int(readEnvironmentVariable('MISSION_ARCHIVE_IMMUTABILITY_DAYS', '0'))
param archiveImmutabilityLocked = bool(readEnvironmentVariable('MISSION_ARCHIVE_IMMUTABILITY_LOCKED', 'false'))
param recomputeSchedule = readEnvironmentVariable('MISSION_RECOMPUTE_SCHEDULE', '0 30 2 * * *')
// Comma-separated browser origins, e.g. https://grafana.example.gouv.fr,https://bi.example.gouv.fr.
param allowedOrigins = filter(map(split(readEnvironmentVariable('MISSION_ALLOWED_ORIGINS', ''), ','), origin => trim(origin)), origin => !empty(origin))
param dashboardRequiresKey = bool(readEnvironmentVariable('MISSION_DASHBOARD_REQUIRES_KEY', 'false'))
param apiKeyOfficersObjectId = readEnvironmentVariable('MISSION_API_KEY_OFFICERS', '')
