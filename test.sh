#!/usr/bin/env bash
# The test command of the README: every test (unit, then integration against an in-memory Azurite
# that the tests start themselves), then the unit tests once more under a comma-decimal culture.
# The browser tests need Debian's Chromium, the print test poppler's pdftotext and the benchmark's
# journey Debian's nginx and wrk: installed here
# when missing and we are root, otherwise the run stops at once with the one command to type (a
# browser test never skips).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

missing=()
if [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  missing+=(chromium)
fi
if ! command -v pdftotext >/dev/null 2>&1; then
  missing+=(poppler-utils)
fi
# The benchmark's journey loads our server side by side with Debian's nginx (the static-file peer).
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  missing+=(nginx)
fi
# The rule of Paris time the pages write is checked against the time-zone database (FrenchFormatTests).
if [ ! -e /usr/share/zoneinfo/Europe/Paris ]; then
  missing+=(tzdata)
fi
# …in closed loop with wrk, which also loads the framework's floor (bench kestrel-peer).
if ! command -v wrk >/dev/null 2>&1; then
  missing+=(wrk)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Paquets manquants pour les tests (navigateur, rapport imprimé, nginx, wrk, fuseaux horaires) : installation de ${missing[*]}…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Paquets manquants pour les tests (navigateur, rapport imprimé, nginx, wrk, fuseaux horaires) : ${missing[*]}. Installez-les puis relancez ./test.sh :" >&2
    echo "  sudo apt-get install -y ${missing[*]}        (Chromium ailleurs : CHROMIUM=/chemin/vers/chrome ./test.sh)" >&2
    exit 1
  fi
fi

dotnet test MissionPipeline.sln -c Release --nologo "$@"
MISSION_TEST_CULTURE=fr-FR dotnet test tests/MissionPipeline.Tests -c Release --no-build --nologo "$@"
