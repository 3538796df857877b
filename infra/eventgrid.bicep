// MissionPipeline on Azure, step 2 of 2: the Event Grid subscription that feeds the IngestUpload
// blob trigger (Source = EventGrid). Deployed AFTER the code (infra/deploy-eventgrid.sh, azd
// postdeploy hook): the webhook needs the host's blobs_extension system key, which exists only once
// the deployed app has started with the blob extension; Event Grid also validates the endpoint when
// the subscription is created, which only a running app can answer.
targetScope = 'resourceGroup'

@description('Name of the function app (main.bicep output AZURE_FUNCTION_APP_NAME).')
param functionAppName string

@description('Name of the Event Grid system topic of the data account (main.bicep output EVENTGRID_SYSTEM_TOPIC_NAME).')
param systemTopicName string

@description('Name of the data storage account (main.bicep output DATA_STORAGE_ACCOUNT_NAME).')
param dataStorageName string

@description('Container of the data account that receives undeliverable events.')
param deadLetterContainerName string = 'eventgrid-deadletter'

@description('Container whose BlobCreated events are delivered (the trigger path\'s container).')
param uploadsContainerName string = 'uploads'

@description('Name of the blob-triggered function.')
param functionName string = 'IngestUpload'

@description('Delivery attempts before an event is dead-lettered.')
@minValue(1)
@maxValue(30)
param maxDeliveryAttempts int = 30

@description('Minutes an event may wait for delivery before it is dead-lettered.')
@minValue(1)
@maxValue(1440)
param eventTimeToLiveInMinutes int = 1440

resource app 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

// Microsoft.Web/sites/host has no resource type definition to declare it as a symbol; its keys are
// read with listKeys on its id (ARM: POST {app}/host/default/listkeys).
var blobsExtensionKey = listKeys('${app.id}/host/default', '2024-11-01').systemKeys.blobs_extension

resource dataStorage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: dataStorageName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource ingestUpload 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: 'ingest-upload'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        // The blob extension's webhook; the key is read at deployment time, never stored in a
        // parameter or an output (Event Grid returns only endpointBaseUrl afterwards).
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${uploadsContainerName}/'
      isSubjectCaseSensitive: true
    }
    retryPolicy: {
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
    }
    // Written with the topic's managed identity (the account has no shared key); the role is
    // assigned by main.bicep (modules/rbac.bicep).
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: dataStorage.id
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output subscriptionName string = ingestUpload.name
