#!/usr/bin/env bash
# Step 2 of the deployment (after the code): creates or updates the Event Grid subscription that
# delivers BlobCreated events of uploads/ to the IngestUpload blob trigger, from infra/eventgrid.bicep,
# then makes sure the HTTP API's keys exist and the app resolved them (infra/api-keys.sh ensure:
# creates only the missing keys, never changes an existing one).
#
# Run by azd as the postdeploy hook (azure.yaml), which exports the azd environment (main.bicep's
# outputs). Standalone: export AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME,
# EVENTGRID_SYSTEM_TOPIC_NAME, DATA_STORAGE_ACCOUNT_NAME and KEY_VAULT_NAME (or run it where
# `azd env get-values` answers), signed in with `az login` as someone who can read the app's keys and
# deploy to the group, and who is an API key officer (Key Vault Secrets Officer on the vault).
#
# The blobs_extension system key is created by the Functions host the first time it starts with the
# blob extension, i.e. after the code is deployed; the script waits for it (it never prints it: the
# template reads it itself with listKeys, so it is neither a parameter nor an output).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -z "${AZURE_FUNCTION_APP_NAME:-}" ]] && command -v azd >/dev/null 2>&1; then
  set -a
  # shellcheck disable=SC1090
  source <(azd env get-values)
  set +a
fi
for name in AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME EVENTGRID_SYSTEM_TOPIC_NAME DATA_STORAGE_ACCOUNT_NAME; do
  if [[ -z "${!name:-}" ]]; then
    echo "deploy-eventgrid.sh: $name is not set (see infra/DEPLOY.md)" >&2
    exit 2
  fi
done
timeout_seconds="${EVENTGRID_KEY_TIMEOUT_SECONDS:-600}"

echo "Waiting for the blobs_extension key of $AZURE_FUNCTION_APP_NAME (the deployed host creates it on start)..."
deadline=$((SECONDS + timeout_seconds))
until [[ -n "$(az functionapp keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
  --query systemKeys.blobs_extension --output tsv 2>/dev/null || true)" ]]; do
  if ((SECONDS >= deadline)); then
    echo "deploy-eventgrid.sh: no blobs_extension key after ${timeout_seconds}s: is the code deployed and does the host start? (Application Insights: traces of the app)" >&2
    exit 1
  fi
  sleep 15
done

echo "Deploying infra/eventgrid.bicep to $AZURE_RESOURCE_GROUP..."
az deployment group create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --name missionpipeline-eventgrid \
  --template-file infra/eventgrid.bicep \
  --parameters \
    functionAppName="$AZURE_FUNCTION_APP_NAME" \
    systemTopicName="$EVENTGRID_SYSTEM_TOPIC_NAME" \
    dataStorageName="$DATA_STORAGE_ACCOUNT_NAME" \
  --only-show-errors \
  --output none
echo "Event Grid subscription 'ingest-upload' on $EVENTGRID_SYSTEM_TOPIC_NAME -> IngestUpload: ready."

# The HTTP API's keys: an app setting whose Key Vault reference does not resolve keeps the literal
# reference text, so every referenced key must exist and be resolved before the API is used.
infra/api-keys.sh ensure
