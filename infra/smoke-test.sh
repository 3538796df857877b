#!/usr/bin/env bash
# Post-deployment smoke test of a deployed environment. Manual, never run in CI (it needs Azure and
# real identities). Steps:
#   0. the app resolved every Key Vault reference of its Api__* settings (infra/api-keys.sh check);
#   1. upload a file to uploads/{agency}/ as an agency member (Entra ID, no key): by default a
#      canonical file written for this run and refused by design (an indicator no catalogue has), so
#      that the whole path runs (upload, archive, report) and no figure of production changes: an
#      accepted file would become data for good (nothing deletes an observation; a later real file
#      only supersedes it). --file sends a real file instead, which then counts;
#   2. wait for its report reports/{agency}/{ingestId}.json (ingestId = first 32 hex digits of the
#      file's SHA-256), and check its status: rejected by default (unknown-indicator), else accepted
#      or duplicate;
#   3. GET /api/ingestions/{agency}: 401 without a key, 403 with another agency's key, 200 listing
#      the file with the agency's own key;
#   4. POST /api/recompute with the admin key (409 = a different snapshot is already published today:
#      kept, fine);
#   5. GET /api/dashboard (anonymous, or with the dashboard key if the deployment requires one) and
#      print the snapshot's date and summary.
# The keys are read from the deployment's Key Vault with `az keyvault secret show` and sent in the
# X-Api-Key header through curl's standard input: never on a command line, in a URL or on screen.
#
# Usage: infra/smoke-test.sh [--agency ID] [--file PATH] [--timeout SECONDS]
#   defaults: --agency ofii, the refused file written for the run, --timeout 600
# Environment (main.bicep's outputs; read with `azd env get-values` when azd is installed):
#   DATA_STORAGE_ACCOUNT_NAME, AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME, AZURE_FUNCTION_APP_HOSTNAME,
#   KEY_VAULT_NAME
# Identity: `az login` as a member of the agency's group (the upload right, and read on
# reports/{agency}/ with agenciesReadOwnReports, default true) who is also an API key officer (reads
# the keys: Key Vault Secrets Officer, parameter apiKeyOfficersObjectId) and may read the app's
# configuration (step 0).
# Exit codes: 0 passed, 1 failed, 2 usage.
set -euo pipefail
script="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
cd "$(dirname "$script")/.."

agency=ofii
file=""
timeout_seconds=600
while [[ $# -gt 0 ]]; do
  case "$1" in
    --agency) agency="$2"; shift 2 ;;
    --file) file="$2"; shift 2 ;;
    --timeout) timeout_seconds="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$script"; exit 0 ;;
    *) echo "smoke-test.sh: unknown argument $1 (--help)" >&2; exit 2 ;;
  esac
done
[[ -z "$file" || -f "$file" ]] || { echo "smoke-test.sh: no file $file" >&2; exit 2; }

if [[ -z "${DATA_STORAGE_ACCOUNT_NAME:-}" ]] && command -v azd >/dev/null 2>&1; then
  set -a
  # shellcheck disable=SC1090
  source <(azd env get-values)
  set +a
fi
for name in DATA_STORAGE_ACCOUNT_NAME AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME AZURE_FUNCTION_APP_HOSTNAME KEY_VAULT_NAME; do
  [[ -n "${!name:-}" ]] || { echo "smoke-test.sh: $name is not set" >&2; exit 2; }
done
account="$DATA_STORAGE_ACCOUNT_NAME"
vault="$KEY_VAULT_NAME"
base="https://$AZURE_FUNCTION_APP_HOSTNAME"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fail() { echo "FAILED: $*" >&2; exit 1; }

# A key of the vault (api-admin-key, api-dashboard-key, api-agency-key-{agency}). Always assign it to
# a variable first (key="$(secret …)"): set -e then stops the script if it cannot be read.
secret() {
  az keyvault secret show --vault-name "$vault" --name "$1" --query value --output tsv --only-show-errors ||
    fail "cannot read $1 from $vault: are you an API key officer, and did 'infra/api-keys.sh ensure' run?"
}

# call METHOD PATH KEY OUTPUT: prints the HTTP status. The key (may be empty) reaches curl as a
# config line on its standard input, so it is not an argument of any process.
call() {
  local method="$1" path="$2" key="$3" output="$4"
  if [[ -n "$key" ]]; then
    printf 'header = "X-Api-Key: %s"\n' "$key" | curl -sS --config - -o "$output" -w '%{http_code}' -X "$method" "$base$path"
  else
    curl -sS -o "$output" -w '%{http_code}' -X "$method" "$base$path"
  fi
}

# 0. Key Vault references resolved (an unresolved one leaves the literal reference as the key).
echo "0. Key Vault references of $AZURE_FUNCTION_APP_NAME"
infra/api-keys.sh check | sed 's/^/   /' || fail "run 'infra/api-keys.sh ensure' (infra/DEPLOY.md, HTTP API keys)."

# 1. Upload as the agency (create-only: --overwrite false sends If-None-Match: *, no read needed). By
# default a file refused by design, its bytes unique to this run (the comment), so never a duplicate.
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
expected="accepted|duplicate"
if [[ -z "$file" ]]; then
  file="$work/smoke-test.csv"
  printf 'indicateur;periode;territoire;valeur;numerateur;denominateur;poids;statut;commentaire\nessai_de_fumee;2009-03;FR;1;;;;;smoke test %s, refusé à dessein\n' "$stamp" > "$file"
  expected="rejected"
fi
blob="$agency/smoke-$stamp-$(basename "$file")"
echo "1. upload $file -> uploads/$blob"
az storage blob upload --auth-mode login --account-name "$account" --container-name uploads \
  --name "$blob" --file "$file" --overwrite false --only-show-errors --output none

# 2. Wait for the report.
ingest_id="$(sha256sum "$file" | cut -c1-32)"
report="$agency/$ingest_id.json"
echo "2. waiting for reports/$report (up to ${timeout_seconds}s)"
deadline=$((SECONDS + timeout_seconds))
until [[ "$(az storage blob exists --auth-mode login --account-name "$account" --container-name reports \
  --name "$report" --query exists --output tsv --only-show-errors)" == "true" ]]; do
  if ((SECONDS >= deadline)); then
    fail "no report after ${timeout_seconds}s. Check the Event Grid subscription (infra/deploy-eventgrid.sh), the alerts, and the app's traces."
  fi
  sleep 10
done
az storage blob download --auth-mode login --account-name "$account" --container-name reports \
  --name "$report" --file "$work/report.json" --only-show-errors --output none
status="$(grep -o '"status" *: *"[a-z]*"' "$work/report.json" | head -1 | sed 's/.*"\([a-z]*\)"$/\1/')"
echo "   report found: status ${status:-unknown}"
[[ "$status" =~ ^($expected)$ ]] || fail "the report says ${status:-nothing}, expected $expected: $(head -c 500 "$work/report.json")"

# 3. The agency's ingestions: closed without a key, closed to another agency, open to its own key.
echo "3. GET $base/api/ingestions/$agency"
code="$(call GET "/api/ingestions/$agency" "" "$work/anonymous.json")"
[[ "$code" == 401 ]] || fail "without a key /api/ingestions/$agency answered $code, expected 401"
echo "   no key: 401"
other=ofii
[[ "$agency" != ofii ]] || other=dcpaf
other_key="$(secret "api-agency-key-$other")"
agency_key="$(secret "api-agency-key-$agency")"
code="$(call GET "/api/ingestions/$agency" "$other_key" "$work/other.json")"
[[ "$code" == 403 ]] || fail "$other's key on /api/ingestions/$agency answered $code, expected 403"
echo "   $other's key: 403"
code="$(call GET "/api/ingestions/$agency" "$agency_key" "$work/ingestions.json")"
if [[ "$code" != 200 ]]; then
  hint=""
  [[ "$agency" != *-* ]] || hint=" (an agency id with '-' reaches the app as Api__AgencyKeys__${agency//-/_}: see infra/DEPLOY.md, HTTP API keys)"
  fail "$agency's own key on /api/ingestions/$agency answered $code, expected 200$hint: $(head -c 500 "$work/ingestions.json")"
fi
grep -q "$ingest_id" "$work/ingestions.json" || fail "/api/ingestions/$agency does not list $ingest_id"
echo "   $agency's key: 200, lists $ingest_id"

# 4. Recompute now with the admin key.
echo "4. POST $base/api/recompute"
admin_key="$(secret api-admin-key)"
code="$(call POST /api/recompute "$admin_key" "$work/recompute.out")"
case "$code" in
  2??) echo "   recomputed ($code): $(head -c 300 "$work/recompute.out")" ;;
  409) echo "   409: a different snapshot is already published today; it is kept" ;;
  *) fail "POST /api/recompute answered $code: $(head -c 500 "$work/recompute.out")" ;;
esac

# 5. Read the dashboard: anonymous, unless the deployment requires the dashboard key.
echo "5. GET $base/api/dashboard"
code="$(call GET /api/dashboard "" "$work/dashboard.json")"
if [[ "$code" == 401 ]]; then
  echo "   401 without a key: dashboardRequiresKey is on, retrying with api-dashboard-key"
  dashboard_key="$(secret api-dashboard-key)"
  code="$(call GET /api/dashboard "$dashboard_key" "$work/dashboard.json")"
fi
[[ "$code" == 200 ]] || fail "GET /api/dashboard answered $code: $(head -c 500 "$work/dashboard.json")"
as_of="$(grep -o '"asOf" *: *"[0-9-]*"' "$work/dashboard.json" | head -1)"
echo "   200, ${as_of:-no asOf?}"
grep -o '"summary" *: *{[^}]*}[^}]*}' "$work/dashboard.json" | head -1 || true
echo "PASSED"
