// The shared development environment. Deploy: infra/DEPLOY.md ("Without azd").
using '../main.bicep'

param environmentName = 'dev'
param location = 'francecentral'

// Test groups of the development tenant; '' = that agency cannot upload to dev.
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
param agenciesReadOwnReports = true
// Write-only uploads: agencies use AzCopy (infra/DEPLOY.md).
param agenciesReadOwnUploads = false
param recomputeSchedule = '0 30 2 * * *'
param instanceMemoryMB = 2048
param maximumInstanceCount = 40
param dataStorageSku = 'Standard_LRS'
param softDeleteRetentionDays = 7
// A development environment is deleted and made again: no lock on its data account.
param dataAccountDeleteLock = false
// No WORM in dev: the environment must stay deletable.
param archiveImmutabilityDays = 0
param archiveImmutabilityLocked = false
param archiveCoolAfterDays = 30
param logRetentionDays = 30
param alertEmail = readEnvironmentVariable('MISSION_ALERT_EMAIL', '')
param staleSnapshotHours = 26
// Browser origins of the dashboards (Api__AllowedOrigins and the platform's CORS); none yet.
param allowedOrigins = []
// The dashboard routes are anonymous; true = they need the key api-dashboard-key.
param dashboardRequiresKey = false
// Who creates, rotates and hands out the HTTP API's keys (infra/api-keys.sh): a group's object id.
param apiKeyOfficersObjectId = readEnvironmentVariable('MISSION_API_KEY_OFFICERS', '')
param keyVaultSoftDeleteRetentionDays = 7
