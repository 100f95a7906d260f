#!/usr/bin/env bash
# Runs checkov (installed by install-checkov.sh) on every synthesized stack and prints, per stack,
# the failed checks as "CHECK_ID  resource address  title". Exit code: 0 when nothing failed,
# 1 when a check failed, 2 when checkov could not parse a stack or did not run.
#
#   scripts/toolchain/checkov-stacks.sh [CDKTF_OUTDIR] [extra checkov arguments...]
#   e.g. scripts/toolchain/checkov-stacks.sh cdktf.out --skip-check CKV_AWS_144
#
# Raw JSON reports are left in $CHECKOV_REPORT_DIR (default: a temporary directory, printed).
#
# How: checkov's `terraform_json` framework is the one that reads cdktf's cdk.tf.json (the
# `terraform` framework skips *.tf.json files). checkov 3.3.30's terraform_json parser crashes on a
# string in the `terraform` block ("Exception: this method receives only dicts", open issue
# bridgecrewio/checkov#7454, fix proposed in #7467), and our stacks set terraform.required_version,
# so each stack is scanned from a copy without that one key (no check reads it). `--skip-download`
# keeps checkov off the network (it otherwise fetches guideline links from Prisma Cloud).
set -euo pipefail

toolchain_dir="${COHORT_TOOLCHAIN_DIR:-$HOME/.cache/cohort-platform-toolchain}"
checkov="${CHECKOV:-$toolchain_dir/bin/checkov}"
outdir="${1:-cdktf.out}"
shift || true
[ -x "$checkov" ] || { echo "checkov-stacks: $checkov is missing: run scripts/toolchain/install-checkov.sh" >&2; exit 2; }
[ -d "$outdir/stacks" ] || { echo "checkov-stacks: no $outdir/stacks: synthesize first" >&2; exit 2; }

report_dir="${CHECKOV_REPORT_DIR:-$(mktemp -d)}"
mkdir -p "$report_dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

status=0
for stack_dir in "$outdir"/stacks/*/; do
  stack=$(basename "$stack_dir")
  mkdir -p "$work/$stack"
  python3 - "$stack_dir/cdk.tf.json" "$work/$stack/cdk.tf.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
doc.get("terraform", {}).pop("required_version", None)  # bridgecrewio/checkov#7454
json.dump(doc, open(sys.argv[2], "w"), indent=2)
PY
  rc=0
  "$checkov" -d "$work/$stack" --framework terraform_json --skip-download --quiet --compact \
    -o json "$@" >"$report_dir/$stack.json" 2>"$report_dir/$stack.log" || rc=$?
  python3 - "$stack" "$report_dir/$stack.json" "$rc" "$work/$stack/cdk.tf.json" <<'PY' || status=$(( $? > status ? $? : status ))
import json, sys
stack, path, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
# checkov's terraform_json names some findings "resource.<name>" / "data.<name>" without the type:
# put the Terraform address (type.name, data.type.name) back from the stack itself
tf = json.load(open(sys.argv[4]))
address = {}
for kind, prefix in (("resource", ""), ("data", "data.")):
    for rtype, blocks in (tf.get(kind) or {}).items():
        for name in blocks:
            address[f"{kind}.{name}"] = f"{prefix}{rtype}.{name}"
try:
    data = json.load(open(path))
except Exception as e:
    print(f"{stack}: checkov did not produce a report (exit {rc}): {e}")
    sys.exit(2)
reports = data if isinstance(data, list) else [data]
if not any("results" in r for r in reports):  # checkov prints a bare summary when nothing was scanned
    print(f"{stack}: nothing scanned: {json.dumps(data)[:200]}")
    sys.exit(2)
failed, summary = [], {"passed": 0, "failed": 0, "skipped": 0, "parsing_errors": 0}
for r in reports:
    for k in summary:
        summary[k] += r.get("summary", {}).get(k, 0)
    failed += r.get("results", {}).get("failed_checks", [])
print(f"{stack}: {summary['passed']} passed, {summary['failed']} failed, {summary['skipped']} skipped, {summary['parsing_errors']} parsing errors")
for c in sorted(failed, key=lambda c: (c["check_id"], address.get(c["resource"], c["resource"]))):
    print(f"  {c['check_id']:<13} {address.get(c['resource'], c['resource'])}  {c['check_name']}")
sys.exit(2 if summary["parsing_errors"] else 1 if failed else 0)
PY
done
echo "checkov-stacks: JSON reports in $report_dir" >&2
exit "$status"
