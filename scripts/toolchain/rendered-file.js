#!/usr/bin/env node
// Prints one file of a ConfigMap or Secret in rendered manifests (helm template's output), decoding
// a Secret's base64; exits 1 when there is no such object or key.
//   usage: rendered-file.js <manifests.yaml> <ConfigMap|Secret> <name> <key>
const fs = require("fs");
const { parseAllDocuments } = require("yaml");

const [file, kind, name, key] = process.argv.slice(2);
for (const document of parseAllDocuments(fs.readFileSync(file, "utf8"))) {
  const object = document.toJS();
  if (!object || object.kind !== kind || object.metadata?.name !== name) continue;
  const text = object.stringData?.[key] ?? (object.data?.[key] === undefined ? undefined : kind === "Secret" ? Buffer.from(object.data[key], "base64").toString("utf8") : object.data[key]);
  if (text === undefined) break;
  process.stdout.write(text);
  process.exit(0);
}
console.error(`rendered-file: no ${kind} ${name} with key ${key} in ${file}`);
process.exit(1);
