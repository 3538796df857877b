#!/usr/bin/env bash
# The test command of the README: every test (unit, then integration against an in-memory Azurite
# that the tests start themselves), then the unit tests once more under a comma-decimal culture.
# The browser tests need Debian's Chromium: installed here when missing and we are root, otherwise
# the run stops at once with the one command to type (a browser test never skips).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Chromium manque pour les tests du navigateur : installation du paquet Debian chromium…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "Chromium manque pour les tests du navigateur. Installez-le puis relancez ./test.sh :" >&2
    echo "  sudo apt-get install -y chromium        (ou CHROMIUM=/chemin/vers/chrome ./test.sh)" >&2
    exit 1
  fi
fi

dotnet test MissionPipeline.sln -c Release --nologo "$@"
MISSION_TEST_CULTURE=fr-FR dotnet test tests/MissionPipeline.Tests -c Release --no-build --nologo "$@"
