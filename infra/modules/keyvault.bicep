// The vault of the HTTP API's keys (header X-Api-Key): api-admin-key, api-dashboard-key and one
// api-agency-key-{agency} per agency of the catalogue. The function app reads them through Key Vault
// references in its app settings (functionapp.bicep), resolved by the platform with the pipeline's
// user-assigned identity.
//
// The template creates no secret: a key is never a parameter, an output or a value in the
// deployment history. An API key officer creates the missing ones (random, 256 bits) and rotates
// them with infra/api-keys.sh (infra/DEPLOY.md). RBAC authorisation only (no access policy), soft
// delete with purge protection (a deleted key stays recoverable and nobody can purge it early),
// audit log of every secret read to Log Analytics.
//
//   principal              scope   role
//   pipeline identity      vault   Key Vault Secrets User (read secret values: the Key Vault references)
//   API key officers       vault   Key Vault Secrets Officer (create, rotate, read keys to hand them out)

@description('Name of the vault (3-24 letters, digits and dashes; globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the vault.')
param tags object

@description('Days a deleted vault or key stays recoverable (fixed when the vault is created).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionDays int

@description('Principal id of the pipeline\'s user-assigned identity (the app resolves its Key Vault references as it).')
param pipelinePrincipalId string

@description('Object id of the API key officers (a group, or a user): they create, rotate and hand out the keys; empty = none (grant the role by hand).')
param officersObjectId string

@description('Name of the Log Analytics workspace that receives the vault\'s audit log.')
param logAnalyticsName string

// Built-in roles (ids are the same in every tenant and cloud).
resource keyVaultSecretsUser 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: '4633458b-17de-408a-b874-0445c86b69e6'
}

resource keyVaultSecretsOfficer 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionDays
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource pipelineReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, pipelinePrincipalId, keyVaultSecretsUser.id)
  scope: vault
  properties: {
    principalId: pipelinePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: keyVaultSecretsUser.id
    description: 'The function app resolves the Key Vault references of its Api__* settings (keyVaultReferenceIdentity).'
  }
}

// principalType is left out on purpose: the officers may be a group or a single user.
resource officersManageSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(officersObjectId)) {
  name: guid(vault.id, officersObjectId, keyVaultSecretsOfficer.id)
  scope: vault
  properties: {
    principalId: officersObjectId
    roleDefinitionId: keyVaultSecretsOfficer.id
    description: 'API key officers: create, rotate and read the HTTP API keys (infra/api-keys.sh).'
  }
}

resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

output name string = vault.name
