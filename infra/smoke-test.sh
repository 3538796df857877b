#!/usr/bin/env bash
# Post-deployment smoke test of a deployed environment. Manual, never run in CI (it needs Azure and
# real identities). Steps:
#   1. upload an example file to uploads/{agency}/ as an agency member (Entra ID, no key);
#   2. wait for its report reports/{agency}/{ingestId}.json (ingestId = first 32 hex digits of the
#      file's SHA-256; the same bytes sent again give the same report, status duplicate);
#   3. recompute: POST /api/recompute with a function key (the route comes with issue 5: a 404 is
#      reported and the test goes on, the nightly timer publishing at RECOMPUTE_SCHEDULE instead);
#   4. read GET /api/dashboard (anonymous) and print the snapshot's date and summary.
#
# Usage: infra/smoke-test.sh [--agency ID] [--file PATH] [--timeout SECONDS]
#   defaults: --agency ofii --file samples/ofii/ofii-2009-03.csv --timeout 600
# Environment (exported by `azd env get-values`, read automatically when azd is installed):
#   DATA_STORAGE_ACCOUNT_NAME, AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME, AZURE_FUNCTION_APP_HOSTNAME
#   MISSION_FUNCTION_KEY  optional: the function key for step 3 (otherwise read with
#                         `az functionapp keys list`, which needs rights on the app)
# Identity: `az login` as a member of the agency's group (the upload right), with read on
# reports/{agency}/ (agenciesReadOwnReports, default true). Step 3 needs either
# MISSION_FUNCTION_KEY or an operator's rights on the function app.
# Exit codes: 0 passed, 1 failed, 2 usage, 3 incomplete (nothing published yet).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

agency=ofii
file=samples/ofii/ofii-2009-03.csv
timeout_seconds=600
while [[ $# -gt 0 ]]; do
  case "$1" in
    --agency) agency="$2"; shift 2 ;;
    --file) file="$2"; shift 2 ;;
    --timeout) timeout_seconds="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "smoke-test.sh: unknown argument $1 (--help)" >&2; exit 2 ;;
  esac
done
[[ -f "$file" ]] || { echo "smoke-test.sh: no file $file" >&2; exit 2; }

if [[ -z "${DATA_STORAGE_ACCOUNT_NAME:-}" ]] && command -v azd >/dev/null 2>&1; then
  set -a
  # shellcheck disable=SC1090
  source <(azd env get-values)
  set +a
fi
for name in DATA_STORAGE_ACCOUNT_NAME AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME AZURE_FUNCTION_APP_HOSTNAME; do
  [[ -n "${!name:-}" ]] || { echo "smoke-test.sh: $name is not set" >&2; exit 2; }
done
account="$DATA_STORAGE_ACCOUNT_NAME"
base="https://$AZURE_FUNCTION_APP_HOSTNAME"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 1. Upload as the agency (create-only: --overwrite false sends If-None-Match: *, no read needed).
blob="$agency/smoke-$(date -u +%Y%m%dT%H%M%SZ)-$(basename "$file")"
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
    echo "FAILED: no report after ${timeout_seconds}s. Check the Event Grid subscription (infra/deploy-eventgrid.sh), the alerts, and the app's traces." >&2
    exit 1
  fi
  sleep 10
done
az storage blob download --auth-mode login --account-name "$account" --container-name reports \
  --name "$report" --file "$work/report.json" --only-show-errors --output none
status="$(grep -o '"status" *: *"[a-z]*"' "$work/report.json" | head -1 | sed 's/.*"\([a-z]*\)"$/\1/')"
echo "   report found: status ${status:-unknown}"

# 3. Recompute now (function key in a header, never in the URL).
key="${MISSION_FUNCTION_KEY:-}"
if [[ -z "$key" ]]; then
  key="$(az functionapp keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
    --query functionKeys.default --output tsv --only-show-errors)"
fi
echo "3. POST $base/api/recompute"
code="$(curl -sS -o "$work/recompute.out" -w '%{http_code}' -X POST -H "x-functions-key: $key" "$base/api/recompute")"
recomputed=true
case "$code" in
  2??) echo "   recomputed ($code)" ;;
  404) recomputed=false; echo "   404: POST /api/recompute is not deployed yet (issue 5); relying on the nightly recompute" ;;
  *) echo "FAILED: POST /api/recompute answered $code: $(head -c 500 "$work/recompute.out")" >&2; exit 1 ;;
esac

# 4. Read the dashboard.
echo "4. GET $base/api/dashboard"
code="$(curl -sS -o "$work/dashboard.json" -w '%{http_code}' "$base/api/dashboard")"
if [[ "$code" == 200 ]]; then
  as_of="$(grep -o '"asOf" *: *"[0-9-]*"' "$work/dashboard.json" | head -1)"
  echo "   200, ${as_of:-no asOf?}"
  grep -o '"summary" *: *{[^}]*}[^}]*}' "$work/dashboard.json" | head -1 || true
  echo "PASSED"
elif [[ "$code" == 404 && "$recomputed" == false ]]; then
  echo "INCOMPLETE: nothing published yet (no recompute route, no nightly run so far); rerun after the next nightly recompute." >&2
  exit 3
else
  echo "FAILED: GET /api/dashboard answered $code: $(head -c 500 "$work/dashboard.json")" >&2
  exit 1
fi
