// The Flex Consumption (FC1) plan and the Linux function app, running as the pipeline's
// user-assigned identity, with identity-based connections only.
//
// The app settings below are exactly those the code (src/MissionPipeline.Functions and the projects
// it runs, such as src/MissionPipeline.Api) and the Functions platform read; the unit test
// tests/MissionPipeline.Tests/Infra/AppSettingsTests.cs parses `var appSettings` and fails the
// build if a setting is added, renamed or removed on one side only. The HTTP API's keys are Key
// Vault references (vault: keyvault.bicep), never values. Flex Consumption deprecates
// FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE, WEBSITE_CONTENT*:
// the runtime, the scale and the package location live in functionAppConfig instead.

@description('Name of the function app (also its default host name prefix).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region (must offer Flex Consumption).')
param location string

@description('Tags applied to the plan and the app (the app also gets azd-service-name).')
param tags object

@description('Name of the user-assigned identity the app runs as.')
param identityName string

@description('Name of the Functions host storage account (AzureWebJobsStorage).')
param hostStorageName string

@description('Blob container of the host storage account that holds the deployed package.')
param deploymentContainerName string

@description('Name of the data storage account (connection DataStorage).')
param dataStorageName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('RECOMPUTE_SCHEDULE: six-field NCRONTAB of the nightly recompute, in UTC (Flex has no time zone setting).')
param recomputeSchedule string

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Upper bound of the scale-out (Flex accepts 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Origins allowed to call the HTTP API from a browser (dashboards): Api__AllowedOrigins and the platform\'s CORS; empty = none.')
param allowedOrigins string[]

@description('Whether the dashboard routes need a key (Api__DashboardKey, secret api-dashboard-key); false = anonymous.')
param dashboardRequiresKey bool

@description('Name of the Key Vault that holds the HTTP API\'s keys (read through Key Vault references).')
param keyVaultName string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource hostStorage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: hostStorageName
}

resource dataStorage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: dataStorageName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

var appSettings = {
  // Host storage, identity-based (read by the Functions host). Blob: leases, timer status, keys;
  // queue: the blob trigger's internal queue. No table, no file share on Flex.
  AzureWebJobsStorage__blobServiceUri: hostStorage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: hostStorage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  // Connection "DataStorage". blobServiceUri, tableServiceUri and clientId are read by
  // DataStorage.FromConfiguration; the blob trigger (host) and its BlobClient binding (worker) read
  // blobServiceUri, queueServiceUri (poison queue), credential and clientId.
  DataStorage__blobServiceUri: dataStorage.properties.primaryEndpoints.blob
  DataStorage__queueServiceUri: dataStorage.properties.primaryEndpoints.queue
  DataStorage__tableServiceUri: dataStorage.properties.primaryEndpoints.table
  DataStorage__credential: 'managedidentity'
  DataStorage__clientId: identity.properties.clientId
  // %RECOMPUTE_SCHEDULE% of RecomputeNightly.
  RECOMPUTE_SCHEDULE: recomputeSchedule
  // PublicationOptions (src/MissionPipeline.Storage): recomputes publish drafts; the public routes serve
  // a snapshot once the steering unit has approved it and its release time has come (docs/publication.md).
  Publication__RequireApproval: 'true'
  // RecomputeOptions (src/MissionPipeline.Storage): the committed observations may take half the
  // instance's memory; above it a recompute stops with a French error and publishes nothing (docs/scaling.md).
  Recompute__MemoryLimitMb: string(instanceMemoryMB / 2)
  // Telemetry with Entra ID auth (the component has local auth disabled).
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
  // Section Api of ApiOptions.FromConfiguration (src/MissionPipeline.Api/ApiOptions.cs), keys sent in
  // the X-Api-Key header. Each key is a Key Vault reference resolved by the platform with the
  // pipeline identity (keyVaultReferenceIdentity below); the secrets are created and rotated by an
  // API key officer (infra/api-keys.sh). The admin key opens everything; an agency's key opens
  // only that agency's ingestions; a protected route whose key is missing is closed.
  Api__AdminKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=api-admin-key)'
  // Only when dashboardRequiresKey (see omittedAppSettings): without it the dashboard is anonymous.
  Api__DashboardKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=api-dashboard-key)'
  // One per agency of src/MissionPipeline.Domain/Catalogue/catalogue.json (the code enumerates the
  // children of Api:AgencyKeys). Linux app setting names allow letters, digits, '.' and '_' only:
  // an agency id's '-' is written '_' (pole-emploi: Api__AgencyKeys__pole_emploi).
  Api__AgencyKeys__dcpaf: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=api-agency-key-dcpaf)'
  Api__AgencyKeys__ofii: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=api-agency-key-ofii)'
  Api__AgencyKeys__ofpra: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=api-agency-key-ofpra)'
  Api__AgencyKeys__pole_emploi: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=api-agency-key-pole-emploi)'
  Api__AgencyKeys__insee: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=api-agency-key-insee)'
  Api__AgencyKeys__dgt: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=api-agency-key-dgt)'
  Api__AgencyKeys__afnor: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=api-agency-key-afnor)'
  Api__AgencyKeys__dsed: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=api-agency-key-dsed)'
  Api__AgencyKeys__eurostat: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=api-agency-key-eurostat)'
  // CORS origins the app itself allows (comma-separated); the platform's CORS (siteConfig.cors) gets
  // the same list, since in Azure the platform answers the preflight requests.
  Api__AllowedOrigins: join(allowedOrigins, ',')
}

// Settings of appSettings that this deployment leaves out (absent, not empty).
var omittedAppSettings = dashboardRequiresKey ? [] : ['Api__DashboardKey']

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    // Key Vault references (the Api__*Key* settings) are resolved as the user-assigned identity.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      cors: {
        allowedOrigins: allowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostStorage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

resource appSettingsConfig 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: app
  name: 'appsettings'
  properties: toObject(filter(items(appSettings), setting => !contains(omittedAppSettings, setting.key)), setting => setting.key, setting => setting.value)
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
