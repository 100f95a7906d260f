import * as fs from "fs";
import * as path from "path";
import { KubernetesObjects, type KubernetesObjectsProps } from "../constructs/cluster/kubernetes-objects";
import { DenyServiceExternalIps } from "../constructs/policy/deny-service-external-ips";
import { blocksOf, kubernetesTestStack, synthStack } from "./helpers";

const CONFIG_MAP = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "greeting", namespace: "demo" }, data: { hello: "world" } };

function synthObjects(props: Partial<KubernetesObjectsProps> = {}) {
  const stack = kubernetesTestStack();
  const objects = new KubernetesObjects(stack, "objects", { releaseName: "greetings", namespace: "demo", objects: [CONFIG_MAP], ...props });
  return { objects, ...synthStack(stack) };
}

describe("KubernetesObjects", () => {
  test("installs the objects as a release of the package's one-template chart, copied into the stack as an asset", () => {
    const { json } = synthObjects();
    const [release] = blocksOf(json, "helm_release");
    expect(release).toEqual({
      name: "greetings",
      namespace: "demo",
      chart: expect.stringMatching(/^assets\/objects_chart_[0-9A-F]+\/[0-9A-F]{32}$/),
      values: [JSON.stringify({ objects: [CONFIG_MAP] })],
      wait: false,
      max_history: 3,
    });
  });

  test("the chart renders each object of .Values.objects as one YAML document", () => {
    const chart = KubernetesObjects.CHART_DIRECTORY;
    expect(fs.readFileSync(path.join(chart, "templates", "objects.yaml"), "utf8")).toBe("{{- range .Values.objects }}\n---\n{{ toYaml . }}\n{{- end }}\n");
    expect(fs.readFileSync(path.join(chart, "Chart.yaml"), "utf8")).toContain("apiVersion: v2");
  });

  test("a release that installs CRDs can come first", () => {
    const stack = kubernetesTestStack();
    const crds = new KubernetesObjects(stack, "crds", { releaseName: "crds", namespace: "demo", objects: [CONFIG_MAP] });
    new KubernetesObjects(stack, "objects", { releaseName: "instances", namespace: "demo", objects: [CONFIG_MAP], dependsOn: [crds.release] });
    const releases = blocksOf(synthStack(stack).json, "helm_release");
    expect(releases.find((release) => release.name === "instances")!.depends_on).toEqual([expect.stringMatching(/^helm_release\.crds_release_/)]);
  });

  test.each<[string, Partial<KubernetesObjectsProps>, string]>([
    ["no objects", { objects: [] }, "objects must list at least one object"],
    ["an object without apiVersion", { objects: [{ ...CONFIG_MAP, apiVersion: "" }] }, 'objects[0].apiVersion must be set, like "v1" or "apps/v1"'],
    ["an object with a lowercase kind", { objects: [{ ...CONFIG_MAP, kind: "configmap" }] }, 'objects[0].kind must be a Kubernetes kind like "ConfigMap", got "configmap"'],
    ["an object without a name", { objects: [{ ...CONFIG_MAP, metadata: { name: "" } }] }, "objects[0].metadata.name must be set"],
    ["a release name with capitals", { releaseName: "Greetings" }, 'releaseName must be a DNS label: 1..63 lowercase letters, digits and "-", starting and ending with a letter or digit, got "Greetings"'],
  ])("%s is refused", (_case, props, message) => {
    expect(() => synthObjects(props)).toThrow(`KubernetesObjects test/objects: ${message}`);
  });

  test("objects too large for one Helm release Secret are refused with the fix", () => {
    const big = Array.from({ length: 300 }, (_, i) => ({ ...CONFIG_MAP, metadata: { name: `c${i}` }, data: { blob: "x".repeat(1000) } }));
    expect(() => synthObjects({ objects: big })).toThrow(
      /^KubernetesObjects test\/objects: objects must take at most 262144 bytes as JSON \(Helm keeps a release in one Secret of at most 1 MiB\); split them over several KubernetesObjects, got \d+$/,
    );
  });
});

describe("DenyServiceExternalIps", () => {
  test("exempt namespaces can be chosen, and are checked", () => {
    const stack = kubernetesTestStack();
    new DenyServiceExternalIps(stack, "deny", { exemptNamespaces: ["kube-system", "ingress"] });
    const [release] = blocksOf(synthStack(stack).json, "helm_release");
    const [, binding] = JSON.parse(release.values[0]).objects;
    expect(binding.spec.matchResources.namespaceSelector.matchExpressions[0].values).toEqual(["kube-system", "ingress"]);
    expect(() => new DenyServiceExternalIps(kubernetesTestStack(), "deny", { exemptNamespaces: ["Kube_System"] })).toThrow(
      'DenyServiceExternalIps test/deny: exemptNamespaces[0] must be a namespace name (a DNS label), got "Kube_System"',
    );
  });
});
