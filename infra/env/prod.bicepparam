// Production. Deploy: infra/DEPLOY.md ("Without azd"). Replace each readEnvironmentVariable of
// agencyGroups by the group's object id once the ministry has created it (ids are not secrets and
// belong in review).
using '../main.bicep'

param environmentName = 'prod'
param location = 'francecentral'

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
param maximumInstanceCount = 100
param dataStorageSku = 'Standard_GZRS'
param softDeleteRetentionDays = 90
// Ten years of WORM on archive/ (raw files are evidence for the end-of-year account). Lock the
// policy after the first deployment, then set archiveImmutabilityLocked = true (infra/DEPLOY.md).
param archiveImmutabilityDays = 3650
param archiveImmutabilityLocked = false
param archiveCoolAfterDays = 90
param logRetentionDays = 90
param alertEmail = readEnvironmentVariable('MISSION_ALERT_EMAIL', '')
param staleSnapshotHours = 26
// Browser origins of the dashboards (Api__AllowedOrigins and the platform's CORS); none yet.
param allowedOrigins = []
// The dashboard routes are anonymous; true = they need the key api-dashboard-key.
param dashboardRequiresKey = false
// Who creates, rotates and hands out the HTTP API's keys (infra/api-keys.sh): a group's object id.
param apiKeyOfficersObjectId = readEnvironmentVariable('MISSION_API_KEY_OFFICERS', '')
param keyVaultSoftDeleteRetentionDays = 90
