// Per-agency rights on the data account, one Entra ID group per agency.
//
// uploads/: role "MissionPipeline agency uploader" (custom, data actions blobs/write and
// blobs/add/action ONLY: no read, no list, no delete), assigned to each agency's group on the
// uploads container with an ABAC condition that limits those two actions to blob paths starting
// with '{agency}/'. Hence an agency can create blobs in its own folder and nowhere else; this role
// reads and lists nothing (see readOwnUploads below) and deletes nothing; a server-side copy from
// another agency's blob needs read on the source, which it does not have. Remaining limit (Azure
// RBAC has no "create only" data action): an agency can overwrite a blob of ITS OWN folder; blob
// versioning keeps the previous bytes and each write is a new BlobCreated event, so nothing is lost.
//
// reports/ (readOwnReports, on by default) and uploads/ (readOwnUploads, off by default): built-in
// Storage Blob Data Reader limited by an ABAC condition to blobs under '{agency}/' and to listings
// whose prefix starts with '{agency}/', so an agency reads its own reports (and, if enabled, its
// own uploads, which GUI tools such as Storage Explorer need) and no one else's.

import { agencyGroupIds } from '../types.bicep'

@description('Name of the data storage account.')
param dataStorageName string

@description('Entra ID group object id of each agency (empty: none yet).')
param agencyGroups agencyGroupIds

@description('Whether each agency group may read (and list) its own reports under reports/{agency}/.')
param readOwnReports bool

@description('Whether each agency group may read (and list) its own files under uploads/{agency}/ (write-only when false).')
param readOwnUploads bool

resource storageBlobDataReader 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
}

resource agencyUploader 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'missionpipeline-agency-uploader')
  properties: {
    roleName: 'MissionPipeline agency uploader (${resourceGroup().name}, ${uniqueString(resourceGroup().id)})'
    description: 'Create blobs (write-only: no read, list or delete). Always assigned with a path condition.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: [
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'
        ]
        notDataActions: []
      }
    ]
  }
}

resource dataStorage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: dataStorageName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource uploads 'containers' existing = {
      name: 'uploads'
    }

    resource reports 'containers' existing = {
      name: 'reports'
    }
  }
}

// ABAC conditions (version 2.0). __AGENCY__ is replaced by the agency id, one of the fixed keys of
// agencyGroupIds (lower-case letters and '-'), so it cannot break out of the quoted literal.
// Write and add are allowed only under '{agency}/' of uploads/; nothing else is granted by the role.
var uploadCondition = '''
(
 (
  !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'})
  AND
  !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'})
 )
 OR
 (
  @Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'uploads'
  AND
  @Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith '__AGENCY__/'
 )
)'''

// Reads of a blob only under '{agency}/' of the container (__CONTAINER__ is replaced by its name),
// listings only with a prefix under '{agency}/'.
var readOwnFolderCondition = '''
(
 (
  !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'} AND NOT SubOperationMatches{'Blob.List'})
 )
 OR
 (
  @Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals '__CONTAINER__'
  AND
  @Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith '__AGENCY__/'
 )
)
AND
(
 (
  !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'} AND SubOperationMatches{'Blob.List'})
 )
 OR
 (
  @Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals '__CONTAINER__'
  AND
  @Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:prefix] StringStartsWith '__AGENCY__/'
 )
)'''

var agencies = filter(items(agencyGroups), agency => !empty(agency.value))

resource uploadOwnFolder 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for agency in agencies: {
    name: guid(dataStorage::blobService::uploads.id, agency.value, agencyUploader.id)
    scope: dataStorage::blobService::uploads
    properties: {
      principalId: agency.value
      principalType: 'Group'
      roleDefinitionId: agencyUploader.id
      description: 'Agency ${agency.key}: create files under uploads/${agency.key}/ only.'
      conditionVersion: '2.0'
      condition: replace(uploadCondition, '__AGENCY__', agency.key)
    }
  }
]

resource readOwnReportsAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for agency in agencies: if (readOwnReports) {
    name: guid(dataStorage::blobService::reports.id, agency.value, storageBlobDataReader.id)
    scope: dataStorage::blobService::reports
    properties: {
      principalId: agency.value
      principalType: 'Group'
      roleDefinitionId: storageBlobDataReader.id
      description: 'Agency ${agency.key}: read and list its own reports under reports/${agency.key}/.'
      conditionVersion: '2.0'
      condition: replace(replace(readOwnFolderCondition, '__CONTAINER__', 'reports'), '__AGENCY__', agency.key)
    }
  }
]

resource readOwnUploadsAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for agency in agencies: if (readOwnUploads) {
    name: guid(dataStorage::blobService::uploads.id, agency.value, storageBlobDataReader.id)
    scope: dataStorage::blobService::uploads
    properties: {
      principalId: agency.value
      principalType: 'Group'
      roleDefinitionId: storageBlobDataReader.id
      description: 'Agency ${agency.key}: read and list its own files under uploads/${agency.key}/.'
      conditionVersion: '2.0'
      condition: replace(replace(readOwnFolderCondition, '__CONTAINER__', 'uploads'), '__AGENCY__', agency.key)
    }
  }
]
