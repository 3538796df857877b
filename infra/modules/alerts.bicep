// Alerts, all sent to one action group (an e-mail address, optional). Log alerts query the
// workspace-based Application Insights component, where the app sends its custom events
// (`customEvents`: "Ingestion", "Recompute") and the host each function execution (`requests`).
//
//   rule                       signal
//   ingestion-poisoned         five "Ingestion" events with status failed for one file within an hour
//   poison-queue-not-empty     data account queue metric QueueMessageCount > 0 (the poison queue is
//                              the only queue of that account), fires until someone drains it
//   snapshot-stale             no "Recompute" event for 26 hours
//   http-5xx                   any request answered 5xx
//   ingestion-failed           an "Ingestion" event with status failed
//   events-dead-lettered       Event Grid could not deliver a BlobCreated event to IngestUpload

@description('Prefix of the alert rule names (the environment\'s resource token).')
param namePrefix string

@description('Azure region of the log alert rules.')
param location string

@description('Tags applied to every rule.')
param tags object

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Name of the data storage account.')
param dataStorageName string

@description('Name of the Event Grid system topic of the data account.')
param systemTopicName string

@description('E-mail address that receives the alerts; empty = alerts fire with no notification.')
param alertEmail string

@description('Hours without a nightly recompute after which the snapshot counts as stale.')
@minValue(1)
@maxValue(47)
param staleSnapshotHours int

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource dataStorage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: dataStorageName

  resource queueService 'queueServices' existing = {
    name: 'default'
  }
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource operators 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'mission'
    enabled: true
    emailReceivers: empty(alertEmail)
      ? []
      : [
          {
            name: 'operators'
            emailAddress: alertEmail
            useCommonAlertSchema: true
          }
        ]
  }
}

// Every alert counts the app's own custom events (src/MissionPipeline.Functions/PipelineEvents.cs:
// one "Ingestion" per file, one "Recompute" per run, with their dimensions) or the host's request
// telemetry, never the text of a log line, which may change without notice.
var logAlerts = [
  {
    name: 'ingestion-poisoned'
    severity: 1
    description: 'A file failed to ingest 5 times (host.json poisonBlobThreshold): the blob trigger has moved it to the queue webjobs-blobtrigger-poison of the data account, and it is neither archived nor reported. Read the failure, fix the cause, then have the file uploaded again under a new name (infra/DEPLOY.md, Alerts: mission replay cannot reach this account).'
    frequency: 'PT5M'
    window: 'PT1H'
    query: '''
customEvents
| where name == "Ingestion" and tostring(customDimensions.status) == "failed"
| summarize failures = sum(itemCount) by agency = tostring(customDimensions.agency), file = tostring(customDimensions.file)
| where failures >= 5
'''
  }
  {
    name: 'snapshot-stale'
    severity: 2
    description: 'No "Recompute" event for ${staleSnapshotHours} hours: the nightly recompute has not run, and the latest published snapshot is older than that.'
    frequency: 'PT1H'
    window: 'P2D'
    query: replace(
      '''
customEvents
| where name == "Recompute"
| summarize lastRun = max(timestamp)
| union (print lastRun = datetime(null))
| summarize lastRun = max(lastRun)
| extend hoursSince = iff(isnull(lastRun), 1000000.0, (now() - lastRun) / 1h)
| where hoursSince > __HOURS__
''',
      '__HOURS__',
      string(staleSnapshotHours)
    )
  }
  {
    name: 'http-5xx'
    severity: 2
    description: 'The HTTP API answered 5xx.'
    frequency: 'PT5M'
    window: 'PT15M'
    query: '''
requests
| where toint(resultCode) >= 500
'''
  }
  {
    name: 'ingestion-failed'
    severity: 2
    description: 'An ingestion failed (storage error, timeout…): an "Ingestion" event with status failed. The blob trigger retries; five failures of one file end in the poison queue (alert ingestion-poisoned).'
    frequency: 'PT5M'
    window: 'PT15M'
    query: '''
customEvents
| where name == "Ingestion" and tostring(customDimensions.status) == "failed"
'''
  }
]

resource logAlertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for alert in logAlerts: {
    name: '${namePrefix}-${alert.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: '${namePrefix}: ${alert.name}'
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [
        appInsights.id
      ]
      evaluationFrequency: alert.frequency
      windowSize: alert.window
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [
          operators.id
        ]
      }
    }
  }
]

resource poisonQueueNotEmpty 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-poison-queue-not-empty'
  location: 'global'
  tags: tags
  properties: {
    description: 'The data account\'s queues hold messages: the only queue there is webjobs-blobtrigger-poison, so some upload was given up. Fires until the queue is drained.'
    severity: 1
    enabled: true
    scopes: [
      dataStorage::queueService.id
    ]
    evaluationFrequency: 'PT1H'
    windowSize: 'PT6H'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'poison-messages'
          metricNamespace: 'Microsoft.Storage/storageAccounts/queueServices'
          metricName: 'QueueMessageCount'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Average'
        }
      ]
    }
    autoMitigate: true
    actions: [
      {
        actionGroupId: operators.id
      }
    ]
  }
}

resource eventsDeadLettered 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-events-dead-lettered'
  location: 'global'
  tags: tags
  properties: {
    description: 'Event Grid gave up delivering BlobCreated events to IngestUpload; they are in the data account\'s eventgrid-deadletter container. Have the files uploaded again under new names (infra/DEPLOY.md, Alerts).'
    severity: 1
    enabled: true
    scopes: [
      systemTopic.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered'
          metricNamespace: 'Microsoft.EventGrid/systemTopics'
          metricName: 'DeadLetteredCount'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Total'
        }
      ]
    }
    autoMitigate: true
    actions: [
      {
        actionGroupId: operators.id
      }
    ]
  }
}
