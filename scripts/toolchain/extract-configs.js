#!/usr/bin/env node
// Writes the configurations a synthesized cohort hands to other tools, for those tools to check
// (scripts/validate.sh): per helm_release, its values documents (<release>.values-N.yaml) and chart
// (listed in releases.tsv: stack, release, chart, version, namespace, values files; a chart of this
// project is its directory and version "local"); per PrometheusRule in a KubernetesObjects release, its rule groups as a
// Prometheus rule file (rules/<namespace>-<name>.yaml). Terraform references in the values (ARNs
// read at plan time) become placeholders: aws for a partition, 123456789012 for an account id; a
// namespace's name is read from its resource in the stack. A values document written as
// `${yamlencode({...})}` (some value only known at plan time) is turned into the JSON it encodes.
//   usage: extract-configs.js <cdktf out dir> <destination dir>
const fs = require("fs");
const path = require("path");

const [outDir, destination] = process.argv.slice(2);
fs.mkdirSync(path.join(destination, "rules"), { recursive: true });
/** Resolves what can be resolved from the stack itself (a namespace's name), and placeholders for the rest. */
function resolver(doc) {
  const namespaces = (doc.resource && doc.resource.kubernetes_namespace_v1) || {};
  const reference = (expression) => {
    const namespace = /^kubernetes_namespace_v1\.([^.]+)\.metadata\[0\]\.name$/.exec(expression);
    if (namespace && namespaces[namespace[1]]) return namespaces[namespace[1]].metadata.name;
    return /\.partition$/.test(expression) ? "aws" : /\.account_id$/.test(expression) ? "123456789012" : "placeholder";
  };
  return (text) => {
    const encoded = /^\$\{(?:yamlencode|jsonencode)\((.*)\)\}$/s.exec(text);
    if (encoded) return hclToJson(encoded[1], reference);
    return text.replace(/\$\{([^}]*)\}/g, (_, expression) => reference(expression));
  };
}

/**
 * The JSON text of an HCL object/tuple expression as cdktf writes one inside `yamlencode(...)`:
 * quoted keys with `=`, JSON-escaped strings, numbers, booleans, and bare references, which become
 * the strings `reference` gives. Anything else (a function call, an operator) is an error.
 */
function hclToJson(expression, reference) {
  let json = "";
  let index = 0;
  while (index < expression.length) {
    const rest = expression.slice(index);
    const token =
      /^"(?:[^"\\]|\\.)*"/.exec(rest) ||
      /^\s+/.exec(rest) ||
      /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/.exec(rest) ||
      /^[{}[\],:=]/.exec(rest) ||
      /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])*/.exec(rest);
    if (!token) throw new Error(`extract-configs: cannot read the HCL expression at "${rest.slice(0, 40)}"`);
    const text = token[0];
    if (text === "=") json += ":";
    else if (text.startsWith('"')) json += text.replace(/\$\$\{/g, "${");
    else if (/^[A-Za-z_]/.test(text)) {
      if (rest[text.length] === "(") throw new Error(`extract-configs: function call ${text}(...) in a values document`);
      json += ["true", "false", "null"].includes(text) ? text : JSON.stringify(reference(text));
    } else json += text;
    index += text.length;
  }
  return JSON.stringify(JSON.parse(json), null, 2);
}

const releases = [];
for (const stack of fs.readdirSync(path.join(outDir, "stacks"))) {
  const doc = JSON.parse(fs.readFileSync(path.join(outDir, "stacks", stack, "cdk.tf.json"), "utf8"));
  const placeholder = resolver(doc);
  for (const release of Object.values((doc.resource && doc.resource.helm_release) || {})) {
    const values = (release.values || []).map((text) => placeholder(text));
    const files = values.map((text, index) => {
      const file = path.join(destination, `${stack}.${release.name}.values-${index}.yaml`);
      fs.writeFileSync(file, text);
      return file;
    });
    // A chart of this project is an asset directory beside the stack; "local" stands for its version.
    const chart = release.repository ? release.chart : path.resolve(outDir, "stacks", stack, release.chart);
    releases.push([stack, release.name, chart, release.repository ? release.version : "local", placeholder(release.namespace || "default"), files.join(",")].join("\t"));
    if (release.repository) continue;
    // A KubernetesObjects release: its values are {"objects": [...]}.
    for (const text of values) {
      let objects;
      try {
        objects = JSON.parse(text).objects || [];
      } catch {
        continue;
      }
      for (const object of objects.filter((item) => item.kind === "PrometheusRule")) {
        const file = path.join(destination, "rules", `${object.metadata.namespace}-${object.metadata.name}.yaml`);
        fs.writeFileSync(file, JSON.stringify({ groups: object.spec.groups }, null, 2));
      }
    }
  }
}
fs.writeFileSync(path.join(destination, "releases.tsv"), releases.map((line) => `${line}\n`).join(""));
