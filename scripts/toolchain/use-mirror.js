#!/usr/bin/env node
// Points a copy of a synthesized stack (cdk.tf.json) at what the offline provider mirror holds:
// the exact release a provider is pinned to when the mirror has it, otherwise the `substitute`
// build of providers.tsv (a newer source of the same provider, under a -dev version), whose
// version then replaces the pin in the copy. Prints one line per provider:
//   exact <type> <version> | substitute <type> <pinned> <substitute> | missing <type> <pinned>
// With a chart mirror (build-chart-mirror.sh), every helm_release that names a chart repository
// installs the same chart version from <charts dir>/<chart>-<version>.tgz instead; one line each:
//   chart <chart> <version> | chart-missing <chart> <version>
//   usage: use-mirror.js <cdk.tf.json> <provider mirror dir> [<charts dir>]
const fs = require("fs");
const path = require("path");

const [file, mirror, charts] = process.argv.slice(2);
const pinsFile = path.join(__dirname, "providers.tsv");
const doc = JSON.parse(fs.readFileSync(file, "utf8"));
const rows = fs.readFileSync(pinsFile, "utf8").split("\n").filter((line) => line && !line.startsWith("#")).map((line) => line.split("\t"));
const built = (type, version) => fs.existsSync(path.join(mirror, "registry.terraform.io", "hashicorp", type, version, "linux_amd64", `terraform-provider-${type}_v${version}`));
const required = (doc.terraform && doc.terraform.required_providers) || {};
for (const [name, requirement] of Object.entries(required)) {
  const source = String(requirement.source || name).replace(/^registry\.terraform\.io\//, "");
  const [namespace, type] = source.includes("/") ? source.split("/") : ["hashicorp", source];
  const version = String(requirement.version || "").replace(/^=\s*/, "");
  if (namespace !== "hashicorp") {
    console.log(`missing ${source} ${version}`);
    continue;
  }
  if (built(type, version)) {
    console.log(`exact ${type} ${version}`);
    continue;
  }
  const substitute = rows.find((row) => row[0] === type && row[1] === "substitute" && row[3] === version && built(type, row[2]));
  if (!substitute) {
    console.log(`missing ${type} ${version}`);
    continue;
  }
  requirement.version = substitute[2];
  console.log(`substitute ${type} ${version} ${substitute[2]}`);
}
if (charts) {
  for (const release of Object.values((doc.resource && doc.resource.helm_release) || {})) {
    if (!release.repository) continue;
    const archive = path.join(charts, `${release.chart}-${release.version}.tgz`);
    if (!fs.existsSync(archive)) {
      console.log(`chart-missing ${release.chart} ${release.version}`);
      continue;
    }
    release.chart = archive;
    delete release.repository;
    console.log(`chart ${path.basename(archive, ".tgz")}`);
  }
}
fs.writeFileSync(file, JSON.stringify(doc, null, 2));
