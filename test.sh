#!/usr/bin/env bash
# The test command of the README: every test (unit, then integration against an in-memory Azurite
# that the tests start themselves), then the unit tests once more under a comma-decimal culture.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
dotnet test MissionPipeline.sln -c Release --nologo "$@"
MISSION_TEST_CULTURE=fr-FR dotnet test tests/MissionPipeline.Tests -c Release --no-build --nologo "$@"
