#!/usr/bin/env bash
# `npm run validate`: synthesizes the cohort, then runs `init -backend=false` and `validate` on every
# stack with terraform (or tofu) when one is on PATH. Init downloads the providers from the
# Terraform registry, so it needs network access to it (or a filled plugin cache).
set -euo pipefail
cd "$(dirname "$0")/.."

tf=""
for candidate in terraform tofu; do
  if command -v "$candidate" >/dev/null 2>&1; then tf="$candidate"; break; fi
done
if [ -z "$tf" ]; then
  echo "validate: skipped: neither terraform nor tofu is on PATH, so the synthesized stacks were not validated."
  echo "          Install Terraform >= 1.10 (S3 lock files need it) or OpenTofu >= 1.10 and run npm run validate again."
  exit 0
fi

outdir="${CDKTF_OUTDIR:-cdktf.out}"
npm run --silent synth
failed=0
for stack_dir in "$outdir"/stacks/*/; do
  stack=$(basename "$stack_dir")
  if ! init_log=$("$tf" -chdir="$stack_dir" init -backend=false -input=false -no-color 2>&1); then
    echo "validate: $stack: '$tf init -backend=false' failed (the provider download needs the Terraform registry):"
    printf '%s\n' "$init_log" | sed 's/^/    /' | tail -15
    failed=1
    continue
  fi
  if "$tf" -chdir="$stack_dir" validate -no-color; then
    echo "validate: $stack: valid"
  else
    echo "validate: $stack: INVALID"
    failed=1
  fi
done
exit "$failed"
