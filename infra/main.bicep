// MissionPipeline on Azure, step 1 of 2 (step 2, after the code is deployed: eventgrid.bicep).
//
// Creates the resource group and, in it: the pipeline's user-assigned identity; the Functions host
// storage account; the data storage account (containers, tables, poison queue, Event Grid system
// topic); Log Analytics + Application Insights; the Key Vault of the HTTP API's keys; the Flex
// Consumption plan and function app; every role assignment (pipeline, Event Grid, agencies, API key
// officers); the alert rules. Native resource declarations
// only (no registry module), compiled and linted offline by infra/lint.sh.
targetScope = 'subscription'

import { agencyGroupIds } from 'types.bicep'

@description('Environment name (azd: AZURE_ENV_NAME), e.g. dev or prod. Part of the resource group name and of the names\' hash.')
@minLength(1)
@maxLength(24)
param environmentName string

@description('Azure region of every resource; it must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
@minLength(1)
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group to create or update; empty = rg-missionpipeline-{environmentName}.')
param resourceGroupName string = ''

@description('Entra ID group object id of each agency\'s data officers; \'\' = none yet (no right granted).')
param agencyGroups agencyGroupIds

@description('Object id of the operators\' Entra ID group: read-only access to the data account (blobs and tables); empty = none.')
param operatorsGroupObjectId string = ''

@description('Whether each agency group may read and list its own ingestion reports under reports/{agency}/.')
param agenciesReadOwnReports bool = true

@description('Whether each agency group may also read and list its own files under uploads/{agency}/ (needed by Azure Storage Explorer); false = write-only.')
param agenciesReadOwnUploads bool = false

@description('RECOMPUTE_SCHEDULE: six-field NCRONTAB of the nightly recompute, in UTC.')
param recomputeSchedule string = '0 30 2 * * *'

@description('Memory of each Flex Consumption instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound of the Flex Consumption scale-out.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Redundancy of the data storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
  'Standard_RAGRS'
  'Standard_RAGZRS'
])
param dataStorageSku string = 'Standard_ZRS'

@description('Days a deleted or overwritten blob (and a deleted container) of the data account stays recoverable.')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int = 30

@description('WORM retention of archive/ in days since each blob\'s creation; 0 = none (versioning and soft delete only).')
@minValue(0)
@maxValue(146000)
param archiveImmutabilityDays int = 0

@description('Set to true once the archive/ retention policy has been locked (infra/DEPLOY.md); the template then leaves it alone.')
param archiveImmutabilityLocked bool = false

@description('A CanNotDelete lock on the data account (every file received, its report, the tables); false only for a throwaway environment.')
param dataAccountDeleteLock bool = true

@description('Days after which archived files move to the Cool tier.')
@minValue(1)
param archiveCoolAfterDays int = 90

@description('Days the Log Analytics workspace keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('E-mail address that receives the alerts; empty = alerts fire without notification.')
param alertEmail string = ''

@description('Hours without a nightly recompute after which the snapshot-stale alert fires.')
@minValue(1)
@maxValue(47)
param staleSnapshotHours int = 26

@description('Origins allowed to call the HTTP API from a browser (dashboards), e.g. https://grafana.example.gouv.fr: app setting Api__AllowedOrigins and the platform\'s CORS; empty = none.')
param allowedOrigins string[] = []

@description('Whether the dashboard routes (dashboard, indicators, completeness) need a key: app setting Api__DashboardKey, secret api-dashboard-key; false = anonymous.')
param dashboardRequiresKey bool = false

@description('Object id of the API key officers (an Entra ID group, or a user): Key Vault Secrets Officer on the vault of the HTTP API\'s keys; empty = none.')
param apiKeyOfficersObjectId string = ''

@description('Days a deleted API key (or the deleted vault) stays recoverable; fixed when the vault is created.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionDays int = 90

@description('Extra tags for every resource.')
param tags object = {}

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var allTags = union(tags, {
  'azd-env-name': environmentName
  application: 'missionpipeline'
})
var names = {
  resourceGroup: empty(resourceGroupName) ? 'rg-missionpipeline-${environmentName}' : resourceGroupName
  identity: 'id-mission-${resourceToken}'
  hostStorage: 'sthost${resourceToken}'
  dataStorage: 'stdata${resourceToken}'
  deploymentContainer: 'app-package-${resourceToken}'
  logAnalytics: 'log-mission-${resourceToken}'
  appInsights: 'appi-mission-${resourceToken}'
  plan: 'plan-mission-${resourceToken}'
  functionApp: 'func-mission-${resourceToken}'
  systemTopic: 'evgt-mission-${resourceToken}'
  keyVault: 'kv-mission-${resourceToken}'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: names.resourceGroup
  location: location
  tags: allTags
}

module identity 'modules/identity.bicep' = {
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: allTags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
    location: location
    tags: allTags
    retentionInDays: logRetentionDays
  }
}

module hostStorage 'modules/storage-host.bicep' = {
  scope: rg
  params: {
    name: names.hostStorage
    location: location
    tags: allTags
    deploymentContainerName: names.deploymentContainer
  }
}

module dataStorage 'modules/storage-data.bicep' = {
  scope: rg
  params: {
    name: names.dataStorage
    location: location
    tags: allTags
    skuName: dataStorageSku
    softDeleteRetentionDays: softDeleteRetentionDays
    archiveImmutabilityDays: archiveImmutabilityDays
    archiveImmutabilityLocked: archiveImmutabilityLocked
    archiveCoolAfterDays: archiveCoolAfterDays
    systemTopicName: names.systemTopic
    logAnalyticsName: names.logAnalytics
    deleteLock: dataAccountDeleteLock
  }
  dependsOn: [
    monitoring
  ]
}

module rbac 'modules/rbac.bicep' = {
  scope: rg
  params: {
    // Role assignment names are guid(scope, principal id, role): the principal ids exist only at
    // run time, which What-If cannot predict (the assignments show as "may change").
    #disable-next-line what-if-short-circuiting
    pipelinePrincipalId: identity.outputs.principalId
    #disable-next-line what-if-short-circuiting
    eventGridPrincipalId: dataStorage.outputs.systemTopicPrincipalId
    operatorsGroupObjectId: operatorsGroupObjectId
    hostStorageName: names.hostStorage
    dataStorageName: names.dataStorage
    appInsightsName: names.appInsights
  }
  dependsOn: [
    hostStorage
    monitoring
  ]
}

module agencyRights 'modules/rbac-agencies.bicep' = {
  scope: rg
  params: {
    dataStorageName: names.dataStorage
    agencyGroups: agencyGroups
    readOwnReports: agenciesReadOwnReports
    readOwnUploads: agenciesReadOwnUploads
  }
  dependsOn: [
    dataStorage
  ]
}

module keyVault 'modules/keyvault.bicep' = {
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: allTags
    softDeleteRetentionDays: keyVaultSoftDeleteRetentionDays
    // Named guid(scope, principal id, role): see rbac above.
    #disable-next-line what-if-short-circuiting
    pipelinePrincipalId: identity.outputs.principalId
    officersObjectId: apiKeyOfficersObjectId
    logAnalyticsName: names.logAnalytics
  }
  dependsOn: [
    monitoring
  ]
}

module functionApp 'modules/functionapp.bicep' = {
  scope: rg
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: allTags
    identityName: names.identity
    hostStorageName: names.hostStorage
    deploymentContainerName: names.deploymentContainer
    dataStorageName: names.dataStorage
    appInsightsName: names.appInsights
    recomputeSchedule: recomputeSchedule
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    allowedOrigins: allowedOrigins
    dashboardRequiresKey: dashboardRequiresKey
    keyVaultName: keyVault.outputs.name
  }
  // The app must find its storage, telemetry and Key Vault rights in place when the host first
  // starts (keyVault, through its output, holds the Key Vault Secrets User assignment).
  dependsOn: [
    hostStorage
    dataStorage
    monitoring
    rbac
  ]
}

module alerts 'modules/alerts.bicep' = {
  scope: rg
  params: {
    namePrefix: resourceToken
    location: location
    tags: allTags
    appInsightsName: names.appInsights
    dataStorageName: names.dataStorage
    systemTopicName: names.systemTopic
    alertEmail: alertEmail
    staleSnapshotHours: staleSnapshotHours
  }
  dependsOn: [
    monitoring
    dataStorage
  ]
}

// Outputs become azd environment values; infra/deploy-eventgrid.sh and infra/smoke-test.sh read them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_HOSTNAME string = functionApp.outputs.defaultHostName
output DATA_STORAGE_ACCOUNT_NAME string = dataStorage.outputs.name
output HOST_STORAGE_ACCOUNT_NAME string = hostStorage.outputs.name
output EVENTGRID_SYSTEM_TOPIC_NAME string = dataStorage.outputs.systemTopicName
output EVENTGRID_DEADLETTER_CONTAINER string = dataStorage.outputs.deadLetterContainerName
output UPLOADS_CONTAINER string = dataStorage.outputs.uploadsContainerName
output REPORTS_CONTAINER string = dataStorage.outputs.reportsContainerName
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.appInsightsName
output KEY_VAULT_NAME string = keyVault.outputs.name
