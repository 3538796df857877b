#!/usr/bin/env bash
# The HTTP API's keys (header X-Api-Key): secrets of the deployment's Key Vault, read by the function
# app through the Key Vault references of its Api__* app settings (infra/modules/functionapp.bicep).
# The secret names come from those references, so this script follows the template. It never prints
# a key, never passes one on a command line, and never writes one to disk.
#
# Usage: infra/api-keys.sh ensure          create every referenced key that does not exist yet (random,
#                                          256 bits), then make the app resolve its references; idempotent
#        infra/api-keys.sh rotate NAME...  give admin, dashboard or an agency id (ofii, pole-emploi…) a
#                                          new random key; the old one stops working at once
#        infra/api-keys.sh status          each reference and whether the app resolved it
#        infra/api-keys.sh check           exit 1 unless every reference is resolved
# A key is then handed to its holder over a trusted channel, read with
#   az keyvault secret show --vault-name "$KEY_VAULT_NAME" --name api-agency-key-ofii --query value -o tsv
#
# Environment (main.bicep's outputs; read with `azd env get-values` when azd is installed):
#   AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME, KEY_VAULT_NAME
#   API_KEYS_TIMEOUT_SECONDS  how long to wait for the app to resolve its references (default 600)
# Identity: `az login` as an API key officer (Key Vault Secrets Officer on the vault: parameter
# apiKeyOfficersObjectId) who may also manage the function app (the refresh is a POST on the app,
# e.g. Website Contributor or Contributor on the resource group). Runs on Linux, macOS, WSL or Cloud
# Shell (the key goes to the CLI through /dev/stdin).
# Exit codes: 0 done, 1 failed, 2 usage.
set -euo pipefail
script="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
cd "$(dirname "$script")/.."

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$script"; }
command="${1:-}"
[[ $# -gt 0 ]] && shift
case "$command" in
  ensure|status|check) [[ $# -eq 0 ]] || { echo "api-keys.sh: $command takes no argument" >&2; exit 2; } ;;
  rotate) [[ $# -gt 0 ]] || { echo "api-keys.sh: rotate what? admin, dashboard or an agency id" >&2; exit 2; } ;;
  -h|--help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac

if [[ -z "${KEY_VAULT_NAME:-}" ]] && command -v azd >/dev/null 2>&1; then
  set -a
  # shellcheck disable=SC1090
  source <(azd env get-values)
  set +a
fi
for name in AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME KEY_VAULT_NAME; do
  [[ -n "${!name:-}" ]] || { echo "api-keys.sh: $name is not set (main.bicep's outputs, see infra/DEPLOY.md)" >&2; exit 2; }
done
vault="$KEY_VAULT_NAME"
timeout_seconds="${API_KEYS_TIMEOUT_SECONDS:-600}"
app_id="$(az functionapp show --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" --query id --output tsv --only-show-errors)"
# A resource id: az rest prefixes it with the current cloud's Resource Manager endpoint.
references_url="$app_id/config/configreferences/appsettings"
api_version="api-version=2022-03-01"

# One line per Key Vault reference of this vault: setting, secret name, status.
references() {
  az rest --method get --url "$references_url?$api_version" --only-show-errors --output tsv \
    --query "value[?properties.vaultName=='$vault'].[name, properties.secretName, properties.status]" |
    awk -F'\t' -v OFS='\t' '{ sub(/.*\//, "", $1); print }'
}

# 256 random bits as 64 hex digits (header-safe, no quoting needed anywhere).
new_key() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }

# Stores a new random version of secret $1. The value goes through a pipe (printf is a shell builtin):
# it is never an argument of a process, never on disk, never printed.
set_new_key() {
  local key
  key="$(new_key)"
  [[ ${#key} -eq 64 ]] || { echo "api-keys.sh: could not read /dev/urandom" >&2; exit 1; }
  printf '%s' "$key" | az keyvault secret set --vault-name "$vault" --name "$1" --file /dev/stdin --encoding utf-8 \
    --content-type 'MissionPipeline HTTP API key (X-Api-Key)' --only-show-errors --output none
  key=""
}

# Makes the app fetch every referenced secret now (otherwise within 24 hours), then waits until all
# references of the vault are resolved. An unresolved reference leaves the literal
# @Microsoft.KeyVault(...) text in the setting, so this is not optional.
refresh_and_wait() {
  local deadline=$((SECONDS + timeout_seconds)) pending
  echo "Asking $AZURE_FUNCTION_APP_NAME to resolve its Key Vault references..."
  while true; do
    az rest --method post --url "$references_url/refresh?$api_version" --only-show-errors --output none
    sleep 10
    pending="$(references | awk -F'\t' '$3 != "Resolved"')"
    [[ -n "$pending" ]] || { echo "Every Key Vault reference of $AZURE_FUNCTION_APP_NAME is resolved."; return 0; }
    if ((SECONDS >= deadline)); then
      echo "api-keys.sh: still unresolved after ${timeout_seconds}s (setting, secret, status):" >&2
      echo "$pending" >&2
      echo "AccessToKeyVaultDenied: the app identity's Key Vault Secrets User role may still be replicating, rerun later; SecretNotFound: run 'infra/api-keys.sh ensure'." >&2
      return 1
    fi
    sleep 20
  done
}

all="$(references)"
if [[ -z "$all" ]]; then
  echo "api-keys.sh: $AZURE_FUNCTION_APP_NAME has no Key Vault reference to $vault: deploy infra/main.bicep first" >&2
  exit 1
fi

case "$command" in
  status)
    if command -v column >/dev/null 2>&1; then
      printf 'setting\tsecret\tstatus\n%s\n' "$all" | column -t -s $'\t'
    else
      printf 'setting\tsecret\tstatus\n%s\n' "$all"
    fi
    ;;
  check)
    pending="$(awk -F'\t' '$3 != "Resolved"' <<<"$all")"
    if [[ -n "$pending" ]]; then
      echo "Unresolved Key Vault references of $AZURE_FUNCTION_APP_NAME (setting, secret, status):" >&2
      echo "$pending" >&2
      exit 1
    fi
    echo "Every Key Vault reference of $AZURE_FUNCTION_APP_NAME is resolved."
    ;;
  ensure)
    existing="$(az keyvault secret list --vault-name "$vault" --query '[].name' --output tsv --only-show-errors)"
    created=0
    while IFS=$'\t' read -r setting secret _; do
      if ! grep -qxF "$secret" <<<"$existing"; then
        set_new_key "$secret"
        echo "created $secret (for $setting)"
        created=$((created + 1))
      fi
    done <<<"$all"
    echo "$created key(s) created in $vault; the others already exist and are left as they are."
    refresh_and_wait
    ;;
  rotate)
    for name in "$@"; do
      case "$name" in
        admin) secret=api-admin-key ;;
        dashboard) secret=api-dashboard-key ;;
        *) secret="api-agency-key-$name" ;;
      esac
      if ! awk -F'\t' '{ print $2 }' <<<"$all" | grep -qxF "$secret"; then
        echo "api-keys.sh: no app setting refers to $secret (admin, dashboard or a catalogue agency id; dashboard only with dashboardRequiresKey)" >&2
        exit 2
      fi
      set_new_key "$secret"
      echo "rotated $secret"
    done
    refresh_and_wait
    echo "Hand each new key to its holder: az keyvault secret show --vault-name $vault --name <secret> --query value -o tsv"
    ;;
esac
