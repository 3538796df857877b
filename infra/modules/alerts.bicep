// Alerts, all sent to one action group (an e-mail address, optional). Log alerts query the
// workspace-based Application Insights component, where the Functions host writes the worker's
// ILogger lines to `traces` and each function execution to `requests`.
//
//   rule                       signal
//   poison-blob-logged         host warning "Moving message to queue 'webjobs-blobtrigger-poison'"
//   poison-queue-not-empty     data account queue metric QueueMessageCount > 0 (the poison queue is
//                              the only queue of that account), fires until someone drains it
//   snapshot-stale             no "Nightly recompute as of …" line from RecomputeNightly for 26 hours
//   http-5xx                   any request answered 5xx
//   ingestion-failed           "Ingestion … of … failed on attempt …" (IngestFile) or a failed
//                              IngestUpload execution
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

var logAlerts = [
  {
    name: 'poison-blob-logged'
    severity: 1
    description: 'A blob failed IngestUpload host.json poisonBlobThreshold times and was moved to the queue webjobs-blobtrigger-poison of the data account: the file is neither archived nor reported. Read the message, fix the cause, then re-upload or re-run `mission ingest`.'
    frequency: 'PT5M'
    window: 'PT15M'
    query: '''
traces
| where message has "webjobs-blobtrigger-poison"
'''
  }
  {
    name: 'snapshot-stale'
    severity: 2
    description: 'RecomputeNightly has not logged "Nightly recompute as of" for ${staleSnapshotHours} hours: the latest published snapshot is older than that.'
    frequency: 'PT1H'
    window: 'P2D'
    query: replace(
      '''
traces
| where message startswith "Nightly recompute as of"
| summarize lastRun = max(timestamp)
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
    description: 'An ingestion failed (storage error, timeout…): "Ingestion … failed on attempt …" was logged or an IngestUpload execution failed. The blob trigger retries; repeated failures end in the poison queue.'
    frequency: 'PT5M'
    window: 'PT15M'
    query: '''
union
  (traces | where message startswith "Ingestion " and message has "failed on attempt"),
  (requests | where operation_Name == "IngestUpload" and success == false)
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
    description: 'Event Grid gave up delivering BlobCreated events to IngestUpload; they are in the data account\'s eventgrid-deadletter container. Re-upload the files (or run `mission ingest`).'
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
