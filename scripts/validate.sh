#!/usr/bin/env bash
# `npm run validate`: `terraform validate` (or `tofu validate`) on every stack of the example cohort
# at weeks 1, 4, 6 and 10, offline: providers come from the filesystem mirror that
# scripts/toolchain/build-provider-mirror.sh builds (TF_CLI_CONFIG_FILE points at it). One line per
# stack, then "N stacks valid, N invalid". A missing Terraform or mirror is an error (exit 2) that
# says how to get it, never a skip. Set WEEKS="6 10" to check other weeks, COHORT_FILE for another cohort.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=toolchain/lib.sh
source "$repo/scripts/toolchain/lib.sh"
need_terraform validate

weeks="${WEEKS:-1 4 6 10}"
cohort="${COHORT_FILE:-$repo/config/example-cohort.yaml}"
work="$(mktemp -d "${TMPDIR:-/tmp}/cohort-validate-XXXXXX")"
trap 'rm -rf "$work"' EXIT
(cd "$repo" && npm run --silent build)

valid=0
invalid=0
for week in $weeks; do
  sed -E "s/^throughWeek: *[0-9]+/throughWeek: $week/" "$cohort" >"$work/cohort-$week.yaml"
  COHORT_FILE="$work/cohort-$week.yaml" CDKTF_OUTDIR="$work/out-$week" node "$repo/dist/main.js" >/dev/null 2>"$work/synth-$week.log" || {
    echo "validate: week $week: synth failed:"; sed 's/^/    /' "$work/synth-$week.log"; invalid=$((invalid + 1)); continue
  }
  for stack_dir in "$work/out-$week"/stacks/*/; do
    stack=$(basename "$stack_dir")
    dir="$work/tf-$week-$stack"
    note=$(prepare_stack "$stack_dir" "$dir")
    if ! log=$("$tf" -chdir="$dir" init -backend=false -input=false -no-color 2>&1); then
      echo "validate: week $week $stack: INIT FAILED$note"
      printf '%s\n' "$log" | tail -20 | sed 's/^/    /'
      invalid=$((invalid + 1))
    elif log=$("$tf" -chdir="$dir" validate -no-color 2>&1); then
      echo "validate: week $week $stack: valid$note"
      valid=$((valid + 1))
    else
      echo "validate: week $week $stack: INVALID$note"
      printf '%s\n' "$log" | sed 's/^/    /'
      invalid=$((invalid + 1))
    fi
  done
done
echo "$valid stacks valid, $invalid invalid"
[ "$invalid" -eq 0 ]
