#!/usr/bin/env bash
# `npm run scan`: checkov (installed by scripts/toolchain/install-checkov.sh from PyPI, hash-locked)
# on every stack of the example cohort at week 10. The checks in scripts/scan-skips.yaml are skipped,
# each with its reason there; everything else must pass. Prints one line per stack with its failed
# checks, then the totals. A missing checkov is an error (exit 2) that says how to install it.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
toolchain_dir="${COHORT_TOOLCHAIN_DIR:-$HOME/.cache/cohort-platform-toolchain}"
if [ ! -x "${CHECKOV:-$toolchain_dir/bin/checkov}" ]; then
  echo "scan: ERROR: checkov is not installed in $toolchain_dir/bin: run scripts/toolchain/install-checkov.sh (PyPI; see README, Offline and air-gapped use)" >&2
  exit 2
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/cohort-scan-XXXXXX")"
trap 'rm -rf "$work"' EXIT
(cd "$repo" && npm run --silent build)
sed -E "s/^throughWeek: *[0-9]+/throughWeek: ${WEEK:-10}/" "${COHORT_FILE:-$repo/config/example-cohort.yaml}" >"$work/cohort.yaml"
COHORT_FILE="$work/cohort.yaml" CDKTF_OUTDIR="$work/out" node "$repo/dist/main.js" >/dev/null 2>"$work/synth.log" || { cat "$work/synth.log" >&2; exit 2; }
skips=$(node -e 'const y=require(process.argv[1]);const s=y.parse(require("fs").readFileSync(process.argv[2],"utf8"));for(const e of s){if(!e.id||!e.reason)throw new Error("scan-skips.yaml: every entry needs an id and a reason");}console.log(s.map(e=>e.id).join(","))' "$repo/node_modules/yaml" "$repo/scripts/scan-skips.yaml")
status=0
bash "$repo/scripts/toolchain/checkov-stacks.sh" "$work/out" --skip-check "$skips" >"$work/report.txt" 2>/dev/null || status=$?
cat "$work/report.txt"
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n");
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const line of lines) {
    const m = /: (\d+) passed, (\d+) failed, (\d+) skipped/.exec(line);
    if (m) { total.passed += +m[1]; total.failed += +m[2]; total.skipped += +m[3]; }
  }
  console.log(`checkov: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped (${process.argv[2]} checks skipped in scripts/scan-skips.yaml)`);
' "$work/report.txt" "$(tr ',' '\n' <<<"$skips" | wc -l)"
exit "$status"
