#!/usr/bin/env bash
# `npm run consumer-check`: proves the library installs into another project as a consumer would
# install it. Packs this package, installs the tarball into a fresh project with the NEWEST
# constructs 10.x and the provider bindings' current versions (not this repo's pins), then
# type-checks with TypeScript 7, synthesizes a stack using VpcNetwork, EksCluster with a node group,
# StudentTenancy and WebService, and runs a jest snapshot test of it with @swc/jest.
# Needs the npm registry. Prints "consumer check: passed" or fails with the step that broke.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/cohort-consumer-XXXXXX")"
trap 'rm -rf "$work"' EXIT
step() { echo "consumer check: $*"; }

step "packing the library"
tarball="$(cd "$repo" && npm pack --silent --pack-destination "$work" | tail -1)"
mkdir -p "$work/app/__tests__"
cd "$work/app"
cat >package.json <<'JSON'
{ "name": "team-platform", "version": "1.0.0", "private": true }
JSON

step "installing $tarball with constructs@^10 and the providers' current releases"
npm install --no-audit --no-fund --silent "$work/$tarball" cdktf@^0.21.0 constructs@^10 \
  @cdktf/provider-aws@latest @cdktf/provider-kubernetes@latest @cdktf/provider-helm@latest @cdktf/provider-random@latest
npm install --no-audit --no-fund --silent --save-dev typescript@7 jest@30 @swc/jest @swc/core @types/jest @types/node@20
constructs_copies="$(find node_modules -path '*/constructs/package.json' -not -path '*/constructs/node_modules/*' | wc -l)"
[ "$constructs_copies" -eq 1 ] || { step "FAILED: $constructs_copies copies of constructs installed (the library must use the consumer's)"; exit 1; }
aws_copies="$(find node_modules -path '*/@cdktf/provider-aws/package.json' | wc -l)"
[ "$aws_copies" -eq 1 ] || { step "FAILED: $aws_copies copies of @cdktf/provider-aws installed"; exit 1; }
step "one copy of constructs ($(node -p 'require("constructs/package.json").version')), provider-aws $(node -p 'require("@cdktf/provider-aws/package.json").version')"

cp "$repo/scripts/consumer/stack.ts" .
cp "$repo/scripts/consumer/stack.test.ts" __tests__/
sed -i 's#"./stack"#"../stack"#' __tests__/stack.test.ts
cat >tsconfig.json <<'JSON'
{
  "compilerOptions": { "target": "ES2022", "module": "commonjs", "strict": true, "esModuleInterop": true, "skipLibCheck": true, "types": ["node", "jest"], "outDir": "dist" },
  "include": ["stack.ts", "__tests__/*.ts"]
}
JSON
cat >jest.config.js <<'JS'
// TypeScript 7 has no ts-jest/ts-node support: swc transpiles, tsc --noEmit type-checks.
module.exports = { testEnvironment: "node", testMatch: ["**/__tests__/**/*.test.ts"], transform: { "^.+\\.ts$": ["@swc/jest"] } };
JS

step "type-checking with TypeScript 7"
npx tsc --noEmit -p tsconfig.json
step "synthesizing"
npx tsc -p tsconfig.json
CDKTF_OUTDIR="$work/app/cdktf.out" node dist/stack.js
test -s "$work/app/cdktf.out/stacks/team/cdk.tf.json"
step "running the snapshot test"
npx jest --ci=false --silent 2>&1 | tail -5
step "passed"
