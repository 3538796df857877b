// The data storage account (connection "DataStorage" of the app): the containers and tables of
// docs/architecture.md, the blob trigger's poison queue, the Event Grid dead-letter container, and the
// Event Grid system topic whose subscription (eventgrid.bicep, deployed after the code) feeds the
// IngestUpload blob trigger. Identity-only: shared keys, SAS and anonymous access are all off.

@description('Name of the data storage account (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Redundancy of the data account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
  'Standard_RAGRS'
  'Standard_RAGZRS'
])
param skuName string

@description('Days a deleted or overwritten blob (and a deleted container) stays recoverable.')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int

@description('Time-based retention (WORM) on archive/, in days since each blob was created; 0 = no policy (versioning and soft delete only).')
@minValue(0)
@maxValue(146000)
param archiveImmutabilityDays int

@description('True once an operator has locked the archive/ retention policy (infra/DEPLOY.md): a locked policy can only be extended, never re-declared, so the template stops managing it.')
param archiveImmutabilityLocked bool

@description('Days after which archived files move to the Cool tier (they are kept forever, rarely read).')
@minValue(1)
param archiveCoolAfterDays int

@description('Name of the Event Grid system topic of this account.')
param systemTopicName string

@description('Name of the Log Analytics workspace that receives the account\'s audit log (reads, writes and deletes of blobs and entities).')
param logAnalyticsName string

@description('True: a CanNotDelete lock on the account. Deleting the account would take the archive, the reports and the tables with it, which no soft delete covers; the lock is removed by an Owner on purpose only.')
param deleteLock bool = true

// Names the code uses (StorageLayout.Default) and the ones the Functions runtime uses.
var uploadsContainerName = 'uploads'
var archiveContainerName = 'archive'
var reportsContainerName = 'reports'
var snapshotsContainerName = 'snapshots'
// Each committed file's observations in one compact blob: what the recompute reads (the table
// Observations stays the queryable record).
var segmentsContainerName = 'segments'
var deadLetterContainerName = 'eventgrid-deadletter'
// The blob trigger moves a blob that failed host.json's poisonBlobThreshold times to this queue, in
// the storage account of the triggering blob (this one), through the connection's queueServiceUri.
var poisonQueueName = 'webjobs-blobtrigger-poison'

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
  }
  kind: 'StorageV2'
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    isHnsEnabled: false
    isLocalUserEnabled: false
    // Agencies upload from their own networks with Entra ID sign-in; every request is authorised
    // by RBAC (no key, no SAS works on this account).
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    // Every overwrite keeps the previous bytes as a version: an agency re-uploading a name of its
    // own folder never destroys what it sent before (see infra/DEPLOY.md).
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
  }
}

resource uploads 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: uploadsContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource archive 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: archiveContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Container-level WORM (time-based retention): creating new blobs stays allowed, which is all the
// pipeline does (it uploads with If-None-Match: *); overwriting or changing an archived blob is
// refused to everyone, account owners included. Azure guarantees delete protection only once the
// policy is LOCKED, an explicit and irreversible operator step (infra/DEPLOY.md), after which this
// template must stop declaring it (archiveImmutabilityLocked). Until then RBAC does the job: only the
// pipeline can write archive/ and its role has no delete; soft delete and versioning cover mistakes.
resource archiveRetention 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2025-01-01' = if (archiveImmutabilityDays > 0 && !archiveImmutabilityLocked) {
  parent: archive
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: archiveImmutabilityDays
    allowProtectedAppendWrites: false
  }
}

resource reports 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: reportsContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource snapshots 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: snapshotsContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource segments 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: segmentsContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource deadLetter 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: deadLetterContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'archive-to-cool'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${archive.name}/'
              ]
            }
            actions: {
              baseBlob: {
                tierToCool: {
                  daysAfterModificationGreaterThan: archiveCoolAfterDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: account
  name: 'default'
}

// An account deleted is every file received, gone: soft delete covers blobs and containers, never
// the account nor its tables. Deploying the lock needs Microsoft.Authorization/locks/write (Owner,
// or User Access Administrator): infra/DEPLOY.md.
resource noDelete 'Microsoft.Authorization/locks@2020-05-01' = if (deleteLock) {
  name: 'data-account-no-delete'
  scope: account
  properties: {
    level: 'CanNotDelete'
    notes: 'Holds every file agencies sent (archive/), its report (reports/) and the tables Ingestions and Observations: never deleted with its resource group by mistake.'
  }
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

// Who read, wrote or deleted what, and when: an overwritten upload, a deleted snapshot blob, a read of
// the confidential disclosed-cells.json. Access is by identity only, so each line names its principal.
resource blobAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        category: 'StorageRead'
        enabled: true
      }
      {
        category: 'StorageWrite'
        enabled: true
      }
      {
        category: 'StorageDelete'
        enabled: true
      }
    ]
  }
}

resource tableAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: tableService
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        category: 'StorageWrite'
        enabled: true
      }
      {
        category: 'StorageDelete'
        enabled: true
      }
    ]
  }
}

resource ingestions 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = {
  parent: tableService
  name: 'Ingestions'
}

resource observations 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = {
  parent: tableService
  name: 'Observations'
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource poisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = {
  parent: queueService
  name: poisonQueueName
}

// The account's (only possible) system topic. Its managed identity writes undeliverable events to
// the dead-letter container (role assigned in rbac.bicep).
resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = account.name
output uploadsContainerName string = uploads.name
output archiveContainerName string = archive.name
output reportsContainerName string = reports.name
output snapshotsContainerName string = snapshots.name
output segmentsContainerName string = segments.name
output deadLetterContainerName string = deadLetter.name
output ingestionsTableName string = ingestions.name
output observationsTableName string = observations.name
output poisonQueueName string = poisonQueue.name
output systemTopicName string = systemTopic.name
output systemTopicPrincipalId string = systemTopic.identity.principalId
