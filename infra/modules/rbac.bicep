// Data-plane rights of the pipeline identity and of the Event Grid system topic, each assignment at
// the narrowest scope the platform allows and named guid(scope, principal, role).
//
//   principal        scope                                   role
//   pipeline         host storage account                    Storage Blob Data Owner, Storage Queue Data Contributor
//   pipeline         data: container uploads                 Storage Blob Data Reader
//   pipeline         data: containers archive, reports,      MissionPipeline blob writer (custom: read, write; no delete)
//                    segments
//   pipeline         data: container snapshots               MissionPipeline snapshot publisher (custom: read, write, delete)
//   pipeline         data: tables Ingestions, Observations   MissionPipeline table writer (custom: read, add, update; no delete)
//   pipeline         data: queue webjobs-blobtrigger-poison  Storage Queue Data Message Sender
//   pipeline         Application Insights                    Monitoring Metrics Publisher
//   Event Grid topic data: container eventgrid-deadletter    Storage Blob Data Contributor
//   operators group  data account (optional)                 Storage Blob Data Reader, Storage Table Data Reader
//
// The host storage rights are account-wide because the host creates containers and queues named
// after its host id at run time; that account holds no pipeline data. No one else gets any write
// right on archive/, reports/, snapshots/, segments/ or the tables (agencies: rbac-agencies.bicep), and the
// pipeline itself cannot delete a blob or an entity, but in snapshots/: republishing a date takes its
// manifest away first, and the latest/ mirror drops the territory pages the new latest lacks
// (Snapshots.PublishAsync, MirrorAsync); versioning and soft delete keep what they remove.

@description('Principal id of the pipeline\'s user-assigned identity.')
param pipelinePrincipalId string

@description('Principal id of the Event Grid system topic\'s identity.')
param eventGridPrincipalId string

@description('Object id of the operators\' Entra ID group (read-only on the data account: investigate archive, reports, dead letters, tables); empty = none.')
param operatorsGroupObjectId string

@description('Name of the Functions host storage account.')
param hostStorageName string

@description('Name of the data storage account.')
param dataStorageName string

@description('Name of the Application Insights component.')
param appInsightsName string

// Built-in roles (ids are the same in every tenant and cloud).
resource storageBlobDataOwner 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
}

resource storageBlobDataContributor 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
}

resource storageBlobDataReader 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
}

resource storageQueueDataContributor 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
}

resource storageQueueDataMessageSender 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
}

resource storageTableDataReader 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: '76199698-9eea-4c19-bc75-cec21354c6b6'
}

resource monitoringMetricsPublisher 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// Custom roles: the built-in Contributor roles include delete, which the pipeline never needs
// (nothing deletes an archive, a report or an observation: docs/architecture.md invariants 1 and 4).
resource pipelineBlobWriter 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'missionpipeline-pipeline-blob-writer')
  properties: {
    roleName: 'MissionPipeline blob writer (${resourceGroup().name}, ${uniqueString(resourceGroup().id)})'
    description: 'Read and create or overwrite blobs; no delete, no version or tag management.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: [
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'
        ]
        notDataActions: []
      }
    ]
  }
}

// The blob writer plus delete, for snapshots/ only: a published dashboard is replaced (republish, the
// latest/ mirror), never an archive, a report or a segment.
resource pipelineSnapshotPublisher 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'missionpipeline-pipeline-snapshot-publisher')
  properties: {
    roleName: 'MissionPipeline snapshot publisher (${resourceGroup().name}, ${uniqueString(resourceGroup().id)})'
    description: 'Read, create, overwrite and delete blobs; assigned on the snapshots container only.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: [
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete'
        ]
        notDataActions: []
      }
    ]
  }
}

resource pipelineTableWriter 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'missionpipeline-pipeline-table-writer')
  properties: {
    roleName: 'MissionPipeline table writer (${resourceGroup().name}, ${uniqueString(resourceGroup().id)})'
    description: 'Query, insert and update table entities; no delete.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: [
          'Microsoft.Storage/storageAccounts/tableServices/tables/entities/read'
          'Microsoft.Storage/storageAccounts/tableServices/tables/entities/write'
          'Microsoft.Storage/storageAccounts/tableServices/tables/entities/add/action'
          'Microsoft.Storage/storageAccounts/tableServices/tables/entities/update/action'
        ]
        notDataActions: []
      }
    ]
  }
}

resource hostStorage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: hostStorageName
}

resource dataStorage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: dataStorageName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource uploads 'containers' existing = {
      name: 'uploads'
    }

    resource archive 'containers' existing = {
      name: 'archive'
    }

    resource reports 'containers' existing = {
      name: 'reports'
    }

    resource snapshots 'containers' existing = {
      name: 'snapshots'
    }

    resource segments 'containers' existing = {
      name: 'segments'
    }

    resource deadLetter 'containers' existing = {
      name: 'eventgrid-deadletter'
    }
  }

  resource tableService 'tableServices' existing = {
    name: 'default'

    resource ingestions 'tables' existing = {
      name: 'Ingestions'
    }

    resource observations 'tables' existing = {
      name: 'Observations'
    }
  }

  resource queueService 'queueServices' existing = {
    name: 'default'

    resource poison 'queues' existing = {
      name: 'webjobs-blobtrigger-poison'
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// --- Functions host storage -------------------------------------------------------------------

resource hostBlobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, pipelinePrincipalId, storageBlobDataOwner.id)
  scope: hostStorage
  properties: {
    principalId: pipelinePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: storageBlobDataOwner.id
    description: 'Functions host: leases, timer status, keys, deployment package (AzureWebJobsStorage).'
  }
}

resource hostQueues 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, pipelinePrincipalId, storageQueueDataContributor.id)
  scope: hostStorage
  properties: {
    principalId: pipelinePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: storageQueueDataContributor.id
    description: 'Functions host: the blob trigger\'s internal queue.'
  }
}

// --- Data storage -----------------------------------------------------------------------------

resource readUploads 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dataStorage::blobService::uploads.id, pipelinePrincipalId, storageBlobDataReader.id)
  scope: dataStorage::blobService::uploads
  properties: {
    principalId: pipelinePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: storageBlobDataReader.id
    description: 'IngestUpload reads what agencies drop; it never changes or deletes it.'
  }
}

resource writeArchive 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dataStorage::blobService::archive.id, pipelinePrincipalId, pipelineBlobWriter.id)
  scope: dataStorage::blobService::archive
  properties: {
    principalId: pipelinePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: pipelineBlobWriter.id
    description: 'The only writer of archive/ (create-once copies of every upload).'
  }
}

resource writeReports 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dataStorage::blobService::reports.id, pipelinePrincipalId, pipelineBlobWriter.id)
  scope: dataStorage::blobService::reports
  properties: {
    principalId: pipelinePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: pipelineBlobWriter.id
    description: 'Ingestion reports.'
  }
}

resource writeSnapshots 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dataStorage::blobService::snapshots.id, pipelinePrincipalId, pipelineSnapshotPublisher.id)
  scope: dataStorage::blobService::snapshots
  properties: {
    principalId: pipelinePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: pipelineSnapshotPublisher.id
    description: 'Published dashboards (dated and latest/): republished and mirrored, so replaced.'
  }
}

resource writeSegments 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dataStorage::blobService::segments.id, pipelinePrincipalId, pipelineBlobWriter.id)
  scope: dataStorage::blobService::segments
  properties: {
    principalId: pipelinePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: pipelineBlobWriter.id
    description: 'Each committed file\'s observations in one blob, read by the recompute.'
  }
}

resource writeIngestions 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dataStorage::tableService::ingestions.id, pipelinePrincipalId, pipelineTableWriter.id)
  scope: dataStorage::tableService::ingestions
  properties: {
    principalId: pipelinePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: pipelineTableWriter.id
    description: 'One row per received file.'
  }
}

resource writeObservations 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dataStorage::tableService::observations.id, pipelinePrincipalId, pipelineTableWriter.id)
  scope: dataStorage::tableService::observations
  properties: {
    principalId: pipelinePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: pipelineTableWriter.id
    description: 'Append-only normalised observations.'
  }
}

resource sendPoison 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dataStorage::queueService::poison.id, pipelinePrincipalId, storageQueueDataMessageSender.id)
  scope: dataStorage::queueService::poison
  properties: {
    principalId: pipelinePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: storageQueueDataMessageSender.id
    description: 'The blob trigger posts a poison blob\'s message here (the queue is pre-created).'
  }
}

resource publishTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, pipelinePrincipalId, monitoringMetricsPublisher.id)
  scope: appInsights
  properties: {
    principalId: pipelinePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: monitoringMetricsPublisher.id
    description: 'Telemetry with Entra ID auth (local auth is disabled on the component).'
  }
}

// --- Event Grid -------------------------------------------------------------------------------

resource eventGridDeadLetter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dataStorage::blobService::deadLetter.id, eventGridPrincipalId, storageBlobDataContributor.id)
  scope: dataStorage::blobService::deadLetter
  properties: {
    principalId: eventGridPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: storageBlobDataContributor.id
    description: 'Event Grid writes BlobCreated events it could not deliver to IngestUpload.'
  }
}

// --- Operators (read-only) --------------------------------------------------------------------

resource operatorsReadBlobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorsGroupObjectId)) {
  name: guid(dataStorage.id, operatorsGroupObjectId, storageBlobDataReader.id)
  scope: dataStorage
  properties: {
    principalId: operatorsGroupObjectId
    principalType: 'Group'
    roleDefinitionId: storageBlobDataReader.id
    description: 'Operators read uploads, archive, reports, snapshots and dead-lettered events; they write nothing.'
  }
}

resource operatorsReadTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorsGroupObjectId)) {
  name: guid(dataStorage.id, operatorsGroupObjectId, storageTableDataReader.id)
  scope: dataStorage
  properties: {
    principalId: operatorsGroupObjectId
    principalType: 'Group'
    roleDefinitionId: storageTableDataReader.id
    description: 'Operators read the Ingestions and Observations tables.'
  }
}
