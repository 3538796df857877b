#!/usr/bin/env bash
# Compiles and lints every Bicep template (.bicep) and parameter file (.bicepparam) of infra/ with
# the Bicep CLI of the NuGet package Azure.Bicep.CommandLine.linux-x64 (restored from the NuGet
# registry by tools/BicepCli.proj: nothing else is downloaded). Linter rules and their levels are in
# bicepconfig.json. Exit 0 only with zero diagnostics: any warning or error fails the run.
#
# Usage: infra/lint.sh            (from anywhere; CI runs it from .ci/run)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# 1. The CLI: restore the tools project, then ask MSBuild where the package put the binary
#    (the package's build props define $(BicepPath) under the NuGet global packages folder).
export DOTNET_NOLOGO=1
dotnet restore tools/BicepCli.proj --nologo --verbosity quiet
bicep="$(dotnet msbuild tools/BicepCli.proj -nologo -getProperty:BicepPath | tail -n 1 | tr '\\' '/')"
if [[ ! -f "$bicep" ]]; then
  echo "lint.sh: Bicep CLI not found at '$bicep' after restore" >&2
  exit 1
fi
if [[ ! -x "$bicep" ]]; then
  # NuGet extraction may drop the executable bit; run a private executable copy.
  cp "$bicep" tools/obj/bicep
  chmod u+x tools/obj/bicep
  bicep=tools/obj/bicep
fi
echo "$("$bicep" --version) ($bicep)"

# 2. Every template and parameter file, copied with bicepconfig.json to a scratch directory so that
#    the compiled JSON never lands in the source tree. One CLI run per command (--pattern).
mapfile -t files < <(find . -path ./tools -prune -o \( -name '*.bicep' -o -name '*.bicepparam' \) -type f -print | sed 's|^\./||' | LC_ALL=C sort)
if [[ ${#files[@]} -eq 0 ]]; then
  echo "lint.sh: no Bicep file found" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp bicepconfig.json "$work/"
for file in "${files[@]}"; do
  mkdir -p "$work/$(dirname "$file")"
  cp "$file" "$work/$file"
done

# Parameter files read azd's environment (main.bicepparam: AZURE_ENV_NAME, AZURE_LOCATION,
# MISSION_*): the CLI runs in a clean environment with placeholder values, so the result does not
# depend on the caller's shell.
run_bicep() {
  (cd "$work" && env -i PATH="$PATH" HOME="${HOME:-/tmp}" TMPDIR="${TMPDIR:-/tmp}" \
    AZURE_ENV_NAME=lint AZURE_LOCATION=francecentral "$bicep" "$@")
}
[[ "$bicep" == /* ]] || bicep="$PWD/$bicep"

status=0
output=""
for command in "build --pattern **/*.bicep" "build-params --pattern **/*.bicepparam" "lint --pattern **/*.bicep*"; do
  read -r -a args <<<"$command"
  # Diagnostics go to stderr; the CLI's exit code is non-zero on errors (warnings are counted below).
  result="$(run_bicep "${args[@]}" 2>&1 >/dev/null)" || status=1
  [[ -z "$result" ]] || output+="$result"$'\n'
  echo "bicep ${args[0]}: done"
done

printf '%s\n' "${files[@]/#/  }"
if [[ -n "$output" ]]; then
  # Report paths relative to the repository, not to the scratch copy.
  sed "s|$work/|infra/|g" <<<"${output%$'\n'}"
fi
diagnostics="$(grep -cE ' : (Error|Warning|Info) ' <<<"$output" || true)"
if [[ $status -ne 0 || $diagnostics -ne 0 || -n "$output" ]]; then
  echo "lint.sh: FAILED ($diagnostics diagnostic(s) in ${#files[@]} file(s))" >&2
  exit 1
fi
echo "lint.sh: ${#files[@]} file(s) built and linted, 0 warnings, 0 errors"
