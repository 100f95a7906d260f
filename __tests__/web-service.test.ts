import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Lazy, TerraformOutput, Token, type TerraformStack } from "cdktf";
import { imagePullPolicyFor, imageReferenceParts } from "../constructs/workloads/container-image";
import { ExternalNameService, type ExternalNameServiceProps } from "../constructs/workloads/external-name-service";
import { WebService, type WebServiceProps } from "../constructs/workloads/web-service";
import { blocksOf, kubernetesTestStack, synthStack } from "./helpers";

const BASE: WebServiceProps = { name: "hello-node", namespace: "minsu-kim", image: "registry.example.com/hello-node:1.0" };
const ERROR = "WebService test/web: ";
const DIGEST = `sha256:${"a".repeat(64)}`;
const SELECTOR = { "app.kubernetes.io/name": "hello-node", "app.kubernetes.io/instance": "hello-node" };
const LABELS = { ...SELECTOR, "app.kubernetes.io/managed-by": "cdktf" };

function synthWeb(props: Partial<WebServiceProps> = {}) {
  const stack = kubernetesTestStack();
  const web = new WebService(stack, "web", { ...BASE, ...props });
  const { json, text } = synthStack(stack);
  const [deployment] = blocksOf(json, "kubernetes_deployment_v1");
  const [service] = blocksOf(json, "kubernetes_service_v1");
  return {
    web,
    json,
    text,
    deployment,
    service,
    pod: deployment.spec.template.spec,
    container: deployment.spec.template.spec.container[0],
    hpas: blocksOf(json, "kubernetes_horizontal_pod_autoscaler_v2"),
    pdbs: blocksOf(json, "kubernetes_pod_disruption_budget_v1"),
    ingresses: blocksOf(json, "kubernetes_ingress_v1"),
  };
}

const expectError = (props: Partial<WebServiceProps>, message: string) => expect(() => synthWeb(props)).toThrow(ERROR + message);

/** What `value` synthesizes to, through an output of the stack. */
function synthesizedValue(stack: TerraformStack, value: string): string {
  new TerraformOutput(stack, "probe", { value });
  return synthStack(stack).json.output!.probe.value;
}

describe("WebService defaults", () => {
  test("a Deployment of 2 replicas with a zero-downtime rolling update, a short history and minReadySeconds 5", () => {
    const { deployment } = synthWeb();
    expect(deployment.metadata).toEqual({ name: "hello-node", namespace: "minsu-kim", labels: LABELS });
    // A rollout that cannot finish must not hold the apply for 10 minutes and taint the Deployment.
    expect(deployment.wait_for_rollout).toBe(false);
    expect(deployment.lifecycle).toBeUndefined();
    const { template, ...spec } = deployment.spec;
    expect(spec).toEqual({
      replicas: "2",
      revision_history_limit: 3,
      min_ready_seconds: 5,
      selector: { match_labels: SELECTOR },
      strategy: { type: "RollingUpdate", rolling_update: { max_surge: "1", max_unavailable: "0" } },
    });
  });

  test("one container named after the service, listening on 8080, with default requests and limits", () => {
    const { container, web } = synthWeb();
    expect(container).toMatchObject({
      name: "hello-node",
      image: "registry.example.com/hello-node:1.0",
      image_pull_policy: "IfNotPresent",
      port: [{ name: "http", container_port: 8080, protocol: "TCP" }],
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    });
    expect(container.command).toBeUndefined();
    expect(container.args).toBeUndefined();
    expect(container.env).toBeUndefined();
    expect(container.env_from).toBeUndefined();
    expect(web.containerName).toBe("hello-node");
  });

  test("a ClusterIP Service from port 80 to the container port, without affinity or annotations", () => {
    const { service, text } = synthWeb();
    expect(text).toHaveResourceWithProperties(ServiceV1, {
      metadata: { name: "hello-node", namespace: "minsu-kim", labels: LABELS },
      spec: {
        type: "ClusterIP",
        selector: SELECTOR,
        port: [{ name: "http", protocol: "TCP", port: 80, target_port: "8080" }],
        session_affinity: "None",
      },
    });
    expect(service.metadata.annotations).toBeUndefined();
    expect(service.spec.session_affinity_config).toBeUndefined();
    expect(service.wait_for_load_balancer).toBeUndefined();
  });

  test("a PodDisruptionBudget for the 2 replicas, no HPA and no Ingress", () => {
    const { pdbs, hpas, ingresses, web } = synthWeb();
    expect(pdbs).toEqual([{ metadata: { name: "hello-node", namespace: "minsu-kim", labels: LABELS }, spec: { max_unavailable: "1", selector: { match_labels: SELECTOR } } }]);
    expect(hpas).toHaveLength(0);
    expect(ingresses).toHaveLength(0);
    expect(web.hpa).toBeUndefined();
    expect(web.ingress).toBeUndefined();
    expect(web.pdb).toBeDefined();
  });

  test("outputs: names known at synth time and the in-cluster DNS name", () => {
    const { web } = synthWeb();
    expect(web.serviceName).toBe("hello-node");
    expect(web.namespace).toBe("minsu-kim");
    expect(web.serviceHost).toBe("hello-node.minsu-kim.svc.cluster.local");
    expect(web.servicePort).toBe(80);
    expect(web.selectorLabels).toEqual(SELECTOR);
    expect(web.labels).toEqual(LABELS);
  });

  test("a namespace token (from the tenancy) passes validation and lands in the DNS name", () => {
    const stack = kubernetesTestStack();
    const namespace = Token.asString(Lazy.stringValue({ produce: () => "minsu-kim" }));
    const web = new WebService(stack, "web", { ...BASE, namespace });
    expect(synthesizedValue(stack, web.serviceHost)).toBe("hello-node.minsu-kim.svc.cluster.local");
  });

  test("ports, command, args and minReadySeconds come from props", () => {
    const { container, service, deployment } = synthWeb({ containerPort: 3000, servicePort: 8080, command: ["node"], args: ["server.js", "--port=3000"], minReadySeconds: 0 });
    expect(container.port).toEqual([{ name: "http", container_port: 3000, protocol: "TCP" }]);
    expect(container.command).toEqual(["node"]);
    expect(container.args).toEqual(["server.js", "--port=3000"]);
    expect(service.spec.port).toEqual([{ name: "http", protocol: "TCP", port: 8080, target_port: "3000" }]);
    expect(deployment.spec.min_ready_seconds).toBe(0);
  });
});

describe("WebService labels", () => {
  test("the Deployment selector, the Service selector, the PDB and the topology spread use one selector; the pod template carries it", () => {
    const { deployment, service, pdbs, pod, web } = synthWeb({ partOf: "study-jam" });
    const selector = deployment.spec.selector.match_labels;
    expect(selector).toEqual(web.selectorLabels);
    expect(service.spec.selector).toEqual(selector);
    expect(pdbs[0].spec.selector.match_labels).toEqual(selector);
    pod.topology_spread_constraint.forEach((constraint: any) => expect(constraint.label_selector).toEqual([{ match_labels: selector }]));
    expect(deployment.spec.template.metadata.labels).toEqual({ ...selector, "app.kubernetes.io/part-of": "study-jam", "app.kubernetes.io/managed-by": "cdktf" });
    expect(deployment.spec.template.metadata.labels).toMatchObject(selector);
  });

  test("appName sets app.kubernetes.io/name and partOf is a label outside the (immutable) selector", () => {
    const { web, service } = synthWeb({ appName: "hello-app", partOf: "study-jam" });
    expect(web.selectorLabels).toEqual({ "app.kubernetes.io/name": "hello-app", "app.kubernetes.io/instance": "hello-node" });
    expect(service.metadata.labels).toEqual({
      "app.kubernetes.io/name": "hello-app",
      "app.kubernetes.io/instance": "hello-node",
      "app.kubernetes.io/part-of": "study-jam",
      "app.kubernetes.io/managed-by": "cdktf",
    });
  });

  test("the selector output cannot be changed after the fact", () => {
    const { web } = synthWeb();
    expect(Object.isFrozen(web.selectorLabels)).toBe(true);
    expect(Object.isFrozen(web.labels)).toBe(true);
  });
});

describe("WebService Service types", () => {
  test("ClusterIP", () => {
    const { service } = synthWeb({ service: { type: "ClusterIP" } });
    expect(service.spec.type).toBe("ClusterIP");
    expect(service.spec.port[0].node_port).toBeUndefined();
  });

  test("NodePort with a fixed node port", () => {
    const { service } = synthWeb({ service: { type: "NodePort", nodePort: 30080 } });
    expect(service.spec).toMatchObject({ type: "NodePort", selector: SELECTOR, port: [{ name: "http", protocol: "TCP", port: 80, target_port: "8080", node_port: 30080 }] });
  });

  test("NodePort without a node port lets Kubernetes pick one", () => {
    const { service } = synthWeb({ service: { type: "NodePort" } });
    expect(service.spec.type).toBe("NodePort");
    expect(service.spec.port).toEqual([{ name: "http", protocol: "TCP", port: 80, target_port: "8080" }]);
  });

  test.each([30000, 32767])("node port %i (the ends of the range) is accepted", (nodePort) => {
    expect(synthWeb({ service: { type: "NodePort", nodePort } }).service.spec.port[0].node_port).toBe(nodePort);
  });

  test.each([29999, 32768, 80, 30080.5])("node port %s is rejected", (nodePort) => {
    expectError({ service: { type: "NodePort", nodePort } }, `service.nodePort must be an integer 30000..32767 (the cluster's NodePort range), or omitted for a free port, got ${nodePort}`);
  });

  test.each<[string, WebServiceProps["service"], string]>([
    ["internal by default", { type: "LoadBalancer" }, "internal"],
    ["internet-facing when asked", { type: "LoadBalancer", scheme: "internet-facing" }, "internet-facing"],
  ])("LoadBalancer: an NLB of the AWS Load Balancer Controller with ip targets, %s", (_case, service, scheme) => {
    const { service: block } = synthWeb({ service });
    expect(block.spec.type).toBe("LoadBalancer");
    expect(block.spec.selector).toEqual(SELECTOR);
    expect(block.spec.port).toEqual([{ name: "http", protocol: "TCP", port: 80, target_port: "8080" }]);
    expect(block.metadata.annotations).toEqual({
      "service.beta.kubernetes.io/aws-load-balancer-type": "external",
      "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
      "service.beta.kubernetes.io/aws-load-balancer-scheme": scheme,
    });
    expect(block.wait_for_load_balancer).toBe(false);
    // Set here: the controller's webhook would set it at creation, and the provider replaces a Service whose class changed.
    expect(block.spec.load_balancer_class).toBe("service.k8s.aws/nlb");
  });

  test("ClusterIP and NodePort Services set no load balancer class", () => {
    expect(synthWeb().service.spec.load_balancer_class).toBeUndefined();
    expect(synthWeb({ service: { type: "NodePort" } }).service.spec.load_balancer_class).toBeUndefined();
  });

  test("a LoadBalancer scheme outside the two is rejected", () => {
    expectError({ service: { type: "LoadBalancer", scheme: "public" as any } }, `service.scheme must be "internal" or "internet-facing", got "public"`);
  });

  test("ExternalName is not a WebService type: the message points at ExternalNameService", () => {
    expectError({ service: { type: "ExternalName", externalName: "db.example.com" } as any }, `service.type "ExternalName" has no pods behind it: use ExternalNameService instead of WebService`);
  });

  test("an unknown Service type is rejected", () => {
    expectError({ service: { type: "Headless" } as any }, `service.type must be "ClusterIP", "NodePort" or "LoadBalancer", got "Headless"`);
  });
});

describe("WebService.addService", () => {
  test("more Services over the same pods: same selector and labels, their own type, affinity and port", () => {
    const stack = kubernetesTestStack();
    const web = new WebService(stack, "web", BASE);
    const nodePort = web.addService("nodeport", { name: "hello-node-nodeport", service: { type: "NodePort", nodePort: 30080 } });
    web.addService("sticky", { name: "hello-node-sticky", sessionAffinity: { type: "ClientIP", timeoutSeconds: 600 }, servicePort: 8080 });
    web.addService("lb", { name: "hello-node-lb", service: { type: "LoadBalancer", scheme: "internet-facing" } });
    const services = blocksOf(synthStack(stack).json, "kubernetes_service_v1");
    expect(services.map((service) => service.metadata.name).sort()).toEqual(["hello-node", "hello-node-lb", "hello-node-nodeport", "hello-node-sticky"]);
    services.forEach((service) => {
      expect(service.spec.selector).toEqual(web.selectorLabels);
      expect(service.metadata.labels).toEqual(LABELS);
      expect(service.metadata.namespace).toBe("minsu-kim");
    });
    const byName = (name: string) => services.find((service) => service.metadata.name === name)!;
    const [nodePortBlock, sticky, lb] = ["hello-node-nodeport", "hello-node-sticky", "hello-node-lb"].map(byName);
    expect(nodePortBlock.spec).toMatchObject({ type: "NodePort", port: [{ port: 80, target_port: "8080", node_port: 30080 }] });
    expect(sticky.spec).toMatchObject({ type: "ClusterIP", session_affinity: "ClientIP", session_affinity_config: { client_ip: { timeout_seconds: 600 } }, port: [{ port: 8080, target_port: "8080" }] });
    expect(lb.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"]).toBe("internet-facing");
    expect(nodePort).toBeInstanceOf(ServiceV1);
  });

  test.each<[string, { name: string; service?: any; servicePort?: number }, string]>([
    ["the main Service's name", { name: "hello-node" }, `addService("extra").name "hello-node" is already the name of another Service of this WebService`],
    ["a bad name", { name: "Extra" }, `addService("extra").name must be a DNS label: 1..63 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, got "Extra"`],
    ["a bad node port", { name: "extra", service: { type: "NodePort", nodePort: 80 } }, `addService("extra").service.nodePort must be an integer 30000..32767 (the cluster's NodePort range), or omitted for a free port, got 80`],
    ["a bad port", { name: "extra", servicePort: 0 }, `addService("extra").servicePort must be an integer 1..65535, got 0`],
    ["ExternalName", { name: "extra", service: { type: "ExternalName" } }, `addService("extra").service.type "ExternalName" has no pods behind it: use ExternalNameService instead of WebService`],
  ])("%s is rejected", (_case, options, message) => {
    const web = new WebService(kubernetesTestStack(), "web", BASE);
    expect(() => web.addService("extra", options)).toThrow(ERROR + message);
  });
});

describe("ExternalNameService", () => {
  function synthExternal(props: Partial<ExternalNameServiceProps> = {}) {
    const stack = kubernetesTestStack();
    const external = new ExternalNameService(stack, "external", { name: "database", namespace: "minsu-kim", externalName: "db.example.com", ...props });
    const { json } = synthStack(stack);
    return { external, json };
  }

  test("ExternalName: a Service with external_name, no selector, no ports and no Deployment", () => {
    const { json, external } = synthExternal({ partOf: "service-types" });
    expect(blocksOf(json, "kubernetes_service_v1")).toEqual([
      {
        metadata: {
          name: "database",
          namespace: "minsu-kim",
          labels: { "app.kubernetes.io/name": "database", "app.kubernetes.io/instance": "database", "app.kubernetes.io/part-of": "service-types", "app.kubernetes.io/managed-by": "cdktf" },
        },
        spec: { type: "ExternalName", external_name: "db.example.com" },
      },
    ]);
    expect(blocksOf(json, "kubernetes_deployment_v1")).toHaveLength(0);
    expect(external.serviceName).toBe("database");
    expect(external.serviceHost).toBe("database.minsu-kim.svc.cluster.local");
    expect(external.externalName).toBe("db.example.com");
  });

  test.each(["10.0.0.5", "https://db.example.com", "DB.example.com", "db.example.com:5432", ""])("the externalName %p is rejected", (externalName) => {
    expect(() => synthExternal({ externalName })).toThrow(
      `ExternalNameService test/external: externalName must be a lowercase DNS name like "api.example.com" (not an IP address or a URL), got "${externalName}"`,
    );
  });

  test("a fully qualified name with a trailing dot is accepted", () => {
    expect(synthExternal({ externalName: "db.example.com." }).external.externalName).toBe("db.example.com.");
  });

  test("the name is validated like a WebService name", () => {
    expect(() => synthExternal({ name: "Database" })).toThrow(
      `ExternalNameService test/external: name must be a DNS label: 1..63 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, got "Database"`,
    );
  });
});

describe("WebService session affinity", () => {
  test("ClientIP with the default timeout of 3 hours", () => {
    const { service } = synthWeb({ sessionAffinity: { type: "ClientIP" } });
    expect(service.spec.session_affinity).toBe("ClientIP");
    expect(service.spec.session_affinity_config).toEqual({ client_ip: { timeout_seconds: 10800 } });
    expect(WebService.DEFAULT_SESSION_AFFINITY_TIMEOUT_SECONDS).toBe(10800);
  });

  test.each([1, 600, 86400])("ClientIP with a timeout of %i seconds", (timeoutSeconds) => {
    const { service } = synthWeb({ service: { type: "NodePort" }, sessionAffinity: { type: "ClientIP", timeoutSeconds } });
    expect(service.spec.session_affinity_config).toEqual({ client_ip: { timeout_seconds: timeoutSeconds } });
  });

  test("None explicitly is the same as the default", () => {
    const { service } = synthWeb({ sessionAffinity: { type: "None" } });
    expect(service.spec.session_affinity).toBe("None");
    expect(service.spec.session_affinity_config).toBeUndefined();
  });

  test("on a LoadBalancer, ClientIP also makes the NLB target group sticky by source IP (NLB ip targets bypass kube-proxy)", () => {
    const { service } = synthWeb({ service: { type: "LoadBalancer" }, sessionAffinity: { type: "ClientIP", timeoutSeconds: 600 } });
    expect(service.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-target-group-attributes"]).toBe("stickiness.enabled=true,stickiness.type=source_ip");
    expect(service.spec.session_affinity).toBe("ClientIP");
  });

  test.each([0, 86401, 1.5])("a timeout of %s seconds is rejected", (timeoutSeconds) => {
    expectError({ sessionAffinity: { type: "ClientIP", timeoutSeconds } }, `sessionAffinity.timeoutSeconds must be an integer 1..86400, got ${timeoutSeconds}`);
  });

  test("an unknown affinity type is rejected", () => {
    expectError({ sessionAffinity: { type: "Cookie" } as any }, `sessionAffinity.type must be "None" or "ClientIP", got "Cookie"`);
  });
});

describe("WebService probes", () => {
  test("by default readiness and liveness connect over TCP to the container port; liveness starts later and runs less often", () => {
    const { container } = synthWeb({ containerPort: 3000 });
    expect(container.readiness_probe).toEqual({ initial_delay_seconds: 5, period_seconds: 10, timeout_seconds: 3, failure_threshold: 3, tcp_socket: [{ port: "3000" }] });
    expect(container.liveness_probe).toEqual({ initial_delay_seconds: 30, period_seconds: 20, timeout_seconds: 3, failure_threshold: 3, tcp_socket: [{ port: "3000" }] });
  });

  test("a TCP probe on another port", () => {
    const { container } = synthWeb({ probe: { tcp: { port: 9000 } } });
    expect(container.readiness_probe.tcp_socket).toEqual([{ port: "9000" }]);
    expect(container.liveness_probe.tcp_socket).toEqual([{ port: "9000" }]);
  });

  test("an HTTP probe on the container port", () => {
    const { container } = synthWeb({ probe: { http: { path: "/healthz" } } });
    expect(container.readiness_probe).toEqual({ initial_delay_seconds: 5, period_seconds: 10, timeout_seconds: 3, failure_threshold: 3, http_get: { path: "/healthz", port: "8080" } });
    expect(container.liveness_probe).toEqual({ initial_delay_seconds: 30, period_seconds: 20, timeout_seconds: 3, failure_threshold: 3, http_get: { path: "/healthz", port: "8080" } });
  });

  test("an HTTP probe on a management port", () => {
    const { container } = synthWeb({ probe: { http: { path: "/actuator/health", port: 9090 } } });
    expect(container.readiness_probe.http_get).toEqual({ path: "/actuator/health", port: "9090" });
    expect(container.readiness_probe.tcp_socket).toBeUndefined();
  });

  test.each<[string, WebServiceProps["probe"], string]>([
    ["a path without /", { http: { path: "healthz" } }, `probe.http.path must start with "/", got "healthz"`],
    ["an HTTP port of 0", { http: { path: "/", port: 0 } }, "probe.http.port must be an integer 1..65535, got 0"],
    ["a TCP port of 70000", { tcp: { port: 70000 } }, "probe.tcp.port must be an integer 1..65535, got 70000"],
    ["both kinds", { http: { path: "/" }, tcp: {} } as any, `probe must have exactly one of http or tcp, got ["http","tcp"]`],
    ["neither kind", {} as any, "probe must have exactly one of http or tcp, got []"],
  ])("%s is rejected", (_case, probe, message) => {
    expectError({ probe }, message);
  });
});

describe("WebService security", () => {
  test("by default: non-root as UID 10001, seccomp RuntimeDefault, no escalation, no capabilities, read-only root with a writable /tmp, no API token", () => {
    const { pod, container } = synthWeb();
    expect(pod.security_context).toEqual({
      run_as_non_root: true,
      run_as_user: "10001",
      run_as_group: "10001",
      fs_group: "10001",
      fs_group_change_policy: "OnRootMismatch",
      seccomp_profile: { type: "RuntimeDefault" },
    });
    expect(container.security_context).toEqual({ allow_privilege_escalation: false, read_only_root_filesystem: true, capabilities: { drop: ["ALL"] } });
    expect(pod.automount_service_account_token).toBe(false);
    expect(pod.volume).toEqual([{ name: "tmp", empty_dir: {} }]);
    expect(container.volume_mount).toEqual([{ name: "tmp", mount_path: "/tmp" }]);
  });

  test("runAsNonRoot: false for an image that must start as root", () => {
    const { pod } = synthWeb({ security: { runAsNonRoot: false } });
    expect(pod.security_context.run_as_non_root).toBe(false);
  });

  test('runAsUser: "image" keeps the image\'s user (no UID, GID or fsGroup set)', () => {
    const { pod } = synthWeb({ security: { runAsUser: "image" } });
    expect(pod.security_context).toEqual({ run_as_non_root: true, seccomp_profile: { type: "RuntimeDefault" } });
  });

  test("runAsUser: another UID is used as user, group and fsGroup", () => {
    const { pod } = synthWeb({ security: { runAsUser: 1000 } });
    expect(pod.security_context).toMatchObject({ run_as_user: "1000", run_as_group: "1000", fs_group: "1000" });
  });

  test("runAsUser: 0 with runAsNonRoot off (root)", () => {
    const { pod } = synthWeb({ security: { runAsNonRoot: false, runAsUser: 0 } });
    expect(pod.security_context).toMatchObject({ run_as_non_root: false, run_as_user: "0" });
  });

  test("allowPrivilegeEscalation: true", () => {
    expect(synthWeb({ security: { allowPrivilegeEscalation: true } }).container.security_context.allow_privilege_escalation).toBe(true);
  });

  test("dropAllCapabilities: false leaves the runtime's default capabilities", () => {
    expect(synthWeb({ security: { dropAllCapabilities: false } }).container.security_context.capabilities).toBeUndefined();
  });

  test("addCapabilities adds back single capabilities after dropping all", () => {
    expect(synthWeb({ security: { addCapabilities: ["NET_BIND_SERVICE"] } }).container.security_context.capabilities).toEqual({ drop: ["ALL"], add: ["NET_BIND_SERVICE"] });
  });

  test('seccompProfile: "Unconfined"', () => {
    expect(synthWeb({ security: { seccompProfile: "Unconfined" } }).pod.security_context.seccomp_profile).toEqual({ type: "Unconfined" });
  });

  test("readOnlyRootFilesystem: false, and then no /tmp volume", () => {
    const { pod, container } = synthWeb({ security: { readOnlyRootFilesystem: false } });
    expect(container.security_context.read_only_root_filesystem).toBe(false);
    expect(pod.volume).toBeUndefined();
    expect(container.volume_mount).toBeUndefined();
  });

  test("automountServiceAccountToken: true for an application that calls the Kubernetes API", () => {
    expect(synthWeb({ security: { automountServiceAccountToken: true } }).pod.automount_service_account_token).toBe(true);
  });

  test.each<[string, WebServiceProps["security"], string]>([
    ["runAsUser 0 while non-root", { runAsUser: 0 }, "security.runAsUser must not be 0 (root) while security.runAsNonRoot is true, got 0"],
    ["a negative runAsUser", { runAsUser: -1 }, `security.runAsUser must be an integer 0..2147483647 or "image", got -1`],
    ["a fractional runAsUser", { runAsUser: 1000.5 }, `security.runAsUser must be an integer 0..2147483647 or "image", got 1000.5`],
    ["a runAsUser name", { runAsUser: "node" as any }, `security.runAsUser must be an integer 0..2147483647 or "image", got "node"`],
    ["a CAP_ prefix", { addCapabilities: ["CAP_NET_ADMIN"] }, `security.addCapabilities must be capability names without "CAP_", like "NET_BIND_SERVICE", got "CAP_NET_ADMIN"`],
    ["a lowercase capability", { addCapabilities: ["net_bind_service"] }, `security.addCapabilities must be capability names without "CAP_", like "NET_BIND_SERVICE", got "net_bind_service"`],
    ["an unknown seccomp profile", { seccompProfile: "Localhost" as any }, `security.seccompProfile must be "RuntimeDefault" or "Unconfined", got "Localhost"`],
  ])("%s is rejected", (_case, security, message) => {
    expectError({ security }, message);
  });
});

describe("WebService image pull policy", () => {
  test.each([
    ["nginx", "Always"],
    ["nginx:latest", "Always"],
    ["nginx:1.27", "IfNotPresent"],
    ["library/nginx:1.27-alpine", "IfNotPresent"],
    ["localhost:5000/app", "Always"],
    ["registry.example.com:5000/team/app", "Always"],
    ["registry.example.com:5000/team/app:latest", "Always"],
    ["registry.example.com:5000/team/app:2.1", "IfNotPresent"],
    [`nginx@${DIGEST}`, "IfNotPresent"],
    [`nginx:latest@${DIGEST}`, "IfNotPresent"],
    [`registry.example.com:5000/team/app@${DIGEST}`, "IfNotPresent"],
    ["us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0", "IfNotPresent"],
    ["123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/devops-2026/minsu-kim:3f2a1c9", "IfNotPresent"],
  ])("%s pulls %s", (image, policy) => {
    expect(imagePullPolicyFor(image)).toBe(policy);
    expect(synthWeb({ image }).container.image_pull_policy).toBe(policy);
  });

  test("references built from a token are judged by their literal tag; a whole token counts as mutable", () => {
    const repositoryUrl = Token.asString(Lazy.stringValue({ produce: () => "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/app" }));
    expect(imagePullPolicyFor(`${repositoryUrl}:1.0`)).toBe("IfNotPresent");
    expect(imagePullPolicyFor(`${repositoryUrl}:latest`)).toBe("Always");
    expect(imagePullPolicyFor(`${repositoryUrl}@${DIGEST}`)).toBe("IfNotPresent");
    expect(imagePullPolicyFor(repositoryUrl)).toBe("Always");
  });

  test("the tag and digest of a reference", () => {
    expect(imageReferenceParts("localhost:5000/app")).toEqual({ tag: undefined, digest: undefined });
    expect(imageReferenceParts(`localhost:5000/app:1.2@${DIGEST}`)).toEqual({ tag: "1.2", digest: DIGEST });
  });

  test("an explicit imagePullPolicy wins", () => {
    expect(synthWeb({ image: "nginx:latest", imagePullPolicy: "IfNotPresent" }).container.image_pull_policy).toBe("IfNotPresent");
  });

  test("an unknown imagePullPolicy is rejected", () => {
    expectError({ imagePullPolicy: "Sometimes" as any }, `imagePullPolicy must be "Always", "IfNotPresent" or "Never", got "Sometimes"`);
  });
});

describe("WebService ignoreImageChanges", () => {
  test("ignores the container image, so a CI rollout (kubectl set image) is not reverted by terraform apply", () => {
    const { deployment } = synthWeb({ ignoreImageChanges: true });
    expect(deployment.lifecycle).toEqual({ ignore_changes: ["spec[0].template[0].spec[0].container[0].image"] });
  });

  test("with autoscaling both the image and the replica count are ignored", () => {
    const { deployment } = synthWeb({ ignoreImageChanges: true, autoscaling: { minReplicas: 2, maxReplicas: 4 } });
    expect(deployment.lifecycle).toEqual({ ignore_changes: ["spec[0].template[0].spec[0].container[0].image", "spec[0].replicas"] });
  });

  test("off by default", () => {
    expect(synthWeb({ ignoreImageChanges: false }).deployment.lifecycle).toBeUndefined();
  });
});

describe("WebService autoscaling and disruption budget", () => {
  test("an autoscaling/v2 HPA on CPU targets the Deployment; the Deployment starts at the minimum and leaves the count to the HPA", () => {
    const { hpas, deployment, web } = synthWeb({ autoscaling: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 60 } });
    expect(hpas).toEqual([
      {
        metadata: { name: "hello-node", namespace: "minsu-kim", labels: LABELS },
        spec: {
          min_replicas: 2,
          max_replicas: 10,
          scale_target_ref: { api_version: "apps/v1", kind: "Deployment", name: expect.stringMatching(/^\$\{kubernetes_deployment_v1\.web_deployment_\w+\.metadata\[0\]\.name\}$/) },
          metric: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", average_utilization: 60 } } }],
        },
      },
    ]);
    expect(deployment.spec.replicas).toBe("2");
    expect(deployment.lifecycle).toEqual({ ignore_changes: ["spec[0].replicas"] });
    expect(web.hpa).toBeDefined();
  });

  test("the CPU target defaults to 70%", () => {
    const { hpas } = synthWeb({ autoscaling: { minReplicas: 1, maxReplicas: 3 } });
    expect(hpas[0].spec.metric[0].resource.target.average_utilization).toBe(70);
  });

  test.each<[string, Partial<WebServiceProps>, boolean]>([
    ["0 replicas", { replicas: 0 }, false],
    ["1 replica", { replicas: 1 }, false],
    ["2 replicas", { replicas: 2 }, true],
    ["4 replicas", { replicas: 4 }, true],
    ["autoscaling from 1", { autoscaling: { minReplicas: 1, maxReplicas: 5 } }, false],
    ["autoscaling from 2", { autoscaling: { minReplicas: 2, maxReplicas: 5 } }, true],
  ])("%s: PodDisruptionBudget %s", (_case, props, expected) => {
    const { pdbs, web } = synthWeb(props);
    expect(pdbs).toHaveLength(expected ? 1 : 0);
    expect(web.pdb !== undefined).toBe(expected);
    if (expected) expect(pdbs[0].spec).toEqual({ max_unavailable: "1", selector: { match_labels: SELECTOR } });
  });

  test.each<[string, Partial<WebServiceProps>, string]>([
    ["replicas and autoscaling together", { replicas: 3, autoscaling: { minReplicas: 2, maxReplicas: 4 } }, "replicas and autoscaling cannot both be set: the HorizontalPodAutoscaler owns the replica count (set autoscaling.minReplicas instead)"],
    ["minReplicas 0", { autoscaling: { minReplicas: 0, maxReplicas: 4 } }, "autoscaling.minReplicas must be an integer 1..100, got 0"],
    ["minReplicas 101", { autoscaling: { minReplicas: 101, maxReplicas: 101 } }, "autoscaling.minReplicas must be an integer 1..100, got 101"],
    ["maxReplicas below minReplicas", { autoscaling: { minReplicas: 3, maxReplicas: 2 } }, "autoscaling.maxReplicas must be an integer from autoscaling.minReplicas (3) to 100, got 2"],
    ["maxReplicas 101", { autoscaling: { minReplicas: 1, maxReplicas: 101 } }, "autoscaling.maxReplicas must be an integer from autoscaling.minReplicas (1) to 100, got 101"],
    ["a cpuUtilization of 0", { autoscaling: { minReplicas: 1, maxReplicas: 2, cpuUtilization: 0 } }, "autoscaling.cpuUtilization must be an integer 1..100, got 0"],
    ["a cpuUtilization of 150", { autoscaling: { minReplicas: 1, maxReplicas: 2, cpuUtilization: 150 } }, "autoscaling.cpuUtilization must be an integer 1..100, got 150"],
    ["-1 replicas", { replicas: -1 }, "replicas must be an integer 0..100, got -1"],
    ["101 replicas", { replicas: 101 }, "replicas must be an integer 0..100, got 101"],
    ["1.5 replicas", { replicas: 1.5 }, "replicas must be an integer 0..100, got 1.5"],
  ])("%s is rejected", (_case, props, message) => {
    expectError(props, message);
  });

  test("minReplicas equal to maxReplicas is accepted", () => {
    expect(synthWeb({ autoscaling: { minReplicas: 3, maxReplicas: 3 } }).hpas[0].spec).toMatchObject({ min_replicas: 3, max_replicas: 3 });
  });
});

describe("WebService scheduling", () => {
  test("pods spread across zones and then nodes, as preferences", () => {
    const { pod } = synthWeb();
    expect(pod.topology_spread_constraint).toEqual([
      { max_skew: 1, topology_key: "topology.kubernetes.io/zone", when_unsatisfiable: "ScheduleAnyway", label_selector: [{ match_labels: SELECTOR }] },
      { max_skew: 1, topology_key: "kubernetes.io/hostname", when_unsatisfiable: "ScheduleAnyway", label_selector: [{ match_labels: SELECTOR }] },
    ]);
  });
});

describe("WebService update strategy", () => {
  test("Recreate stops old pods first (for a ReadWriteOnce volume)", () => {
    expect(synthWeb({ updateStrategy: { type: "Recreate" } }).deployment.spec.strategy).toEqual({ type: "Recreate" });
  });

  test("percentages and counts are passed as given, missing fields from the default", () => {
    expect(synthWeb({ updateStrategy: { type: "RollingUpdate", maxSurge: "25%" } }).deployment.spec.strategy).toEqual({
      type: "RollingUpdate",
      rolling_update: { max_surge: "25%", max_unavailable: "0" },
    });
    expect(synthWeb({ updateStrategy: { type: "RollingUpdate", maxSurge: 0, maxUnavailable: 1 } }).deployment.spec.strategy.rolling_update).toEqual({ max_surge: "0", max_unavailable: "1" });
  });

  test.each<[string, WebServiceProps["updateStrategy"], string]>([
    ["both 0", { type: "RollingUpdate", maxSurge: 0, maxUnavailable: "0%" }, "updateStrategy.maxSurge and updateStrategy.maxUnavailable must not both be 0: the rollout could never replace a pod"],
    ["a negative surge", { type: "RollingUpdate", maxSurge: -1 }, `updateStrategy.maxSurge must be a non-negative integer or a percentage like "25%", got "-1"`],
    ["150%", { type: "RollingUpdate", maxUnavailable: "150%" }, `updateStrategy.maxUnavailable must be a non-negative integer or a percentage like "25%", got "150%"`],
    ["a word", { type: "RollingUpdate", maxSurge: "one" }, `updateStrategy.maxSurge must be a non-negative integer or a percentage like "25%", got "one"`],
    ["an unknown type", { type: "BlueGreen" } as any, `updateStrategy.type must be "RollingUpdate" or "Recreate", got "BlueGreen"`],
  ])("%s is rejected", (_case, updateStrategy, message) => {
    expectError({ updateStrategy }, message);
  });

  test.each([-1, 3601])("minReadySeconds %i is rejected", (minReadySeconds) => {
    expectError({ minReadySeconds }, `minReadySeconds must be an integer 0..3600, got ${minReadySeconds}`);
  });

  test("waitForRollout: false", () => {
    expect(synthWeb({ waitForRollout: false }).deployment.wait_for_rollout).toBe(false);
  });
});

describe("WebService ingress", () => {
  test("an Ingress of the shared ALB class to the Service, with pod IP targets", () => {
    const { ingresses, web } = synthWeb({ ingress: {} });
    expect(ingresses).toEqual([
      {
        metadata: { name: "hello-node", namespace: "minsu-kim", labels: LABELS, annotations: { "alb.ingress.kubernetes.io/target-type": "ip" } },
        spec: {
          ingress_class_name: "alb",
          rule: [
            {
              http: {
                path: [{ path: "/", path_type: "Prefix", backend: { service: { name: expect.stringMatching(/^\$\{kubernetes_service_v1\.web_service_\w+\.metadata\[0\]\.name\}$/), port: { number: 80 } } } }],
              },
            },
          ],
        },
        wait_for_load_balancer: false,
      },
    ]);
    expect(web.ingress).toBeDefined();
  });

  test("host, path, path type, class, group, group order and service port come from props", () => {
    const { ingresses } = synthWeb({
      servicePort: 8080,
      ingress: { host: "minsu-kim.devops.example.com", path: "/hello", pathType: "Exact", ingressClassName: "alb-internal", groupName: "devops-2026-2", groupOrder: 10 },
    });
    const [ingress] = ingresses;
    expect(ingress.metadata.annotations).toEqual({
      "alb.ingress.kubernetes.io/target-type": "ip",
      "alb.ingress.kubernetes.io/group.name": "devops-2026-2",
      "alb.ingress.kubernetes.io/group.order": "10",
    });
    expect(ingress.spec.ingress_class_name).toBe("alb-internal");
    expect(ingress.spec.rule[0].host).toBe("minsu-kim.devops.example.com");
    expect(ingress.spec.rule[0].http.path[0]).toMatchObject({ path: "/hello", path_type: "Exact", backend: { service: { port: { number: 8080 } } } });
  });

  test("the ALB health check uses the HTTP probe's path", () => {
    const { ingresses } = synthWeb({ probe: { http: { path: "/healthz" } }, ingress: {} });
    expect(ingresses[0].metadata.annotations).toEqual({ "alb.ingress.kubernetes.io/target-type": "ip", "alb.ingress.kubernetes.io/healthcheck-path": "/healthz" });
  });

  test("and its port when the probe listens on another port than the traffic", () => {
    const { ingresses } = synthWeb({ probe: { http: { path: "/healthz", port: 9090 } }, ingress: {} });
    expect(ingresses[0].metadata.annotations).toMatchObject({ "alb.ingress.kubernetes.io/healthcheck-path": "/healthz", "alb.ingress.kubernetes.io/healthcheck-port": "9090" });
  });

  test.each<[string, NonNullable<WebServiceProps["ingress"]>, string]>([
    ["a path without /", { path: "hello" }, `ingress.path must start with "/", got "hello"`],
    ["an unknown path type", { pathType: "Regex" as any }, `ingress.pathType must be "Prefix", "Exact" or "ImplementationSpecific", got "Regex"`],
    ["an uppercase host", { host: "Minsu.example.com" }, `ingress.host must be a lowercase DNS name (a leading "*." wildcard is allowed), got "Minsu.example.com"`],
    ["a URL as host", { host: "https://minsu.example.com" }, `ingress.host must be a lowercase DNS name (a leading "*." wildcard is allowed), got "https://minsu.example.com"`],
    ["a class with a space", { ingressClassName: "my alb" }, `ingress.ingressClassName must be a lowercase DNS name like "alb", got "my alb"`],
    ["group order 1001", { groupOrder: 1001 }, "ingress.groupOrder must be an integer -1000..1000, got 1001"],
    ["group order -1001", { groupOrder: -1001 }, "ingress.groupOrder must be an integer -1000..1000, got -1001"],
  ])("%s is rejected", (_case, ingress, message) => {
    expectError({ ingress }, message);
  });

  test("a wildcard host is accepted", () => {
    expect(synthWeb({ ingress: { host: "*.devops.example.com" } }).ingresses[0].spec.rule[0].host).toBe("*.devops.example.com");
  });
});

describe("WebService environment", () => {
  test("plain variables, Secret keys and whole ConfigMaps and Secrets", () => {
    const { container } = synthWeb({
      env: { WORDPRESS_DB_HOST: "mysql.minsu-kim.svc.cluster.local", WORDPRESS_DB_USER: "wordpress" },
      secretEnv: [{ name: "WORDPRESS_DB_PASSWORD", secretName: "mysql-credentials", key: "password" }],
      envFromConfigMaps: ["app-settings"],
      envFromSecrets: ["app-secrets"],
    });
    expect(container.env).toEqual([
      { name: "WORDPRESS_DB_HOST", value: "mysql.minsu-kim.svc.cluster.local" },
      { name: "WORDPRESS_DB_USER", value: "wordpress" },
      { name: "WORDPRESS_DB_PASSWORD", value_from: { secret_key_ref: { name: "mysql-credentials", key: "password" } } },
    ]);
    expect(container.env_from).toEqual([{ config_map_ref: { name: "app-settings" } }, { secret_ref: { name: "app-secrets" } }]);
  });

  test.each<[string, Partial<WebServiceProps>, string]>([
    ["an env name starting with a digit", { env: { "1PORT": "80" } }, `env names must be letters, digits, "_", "-" and ".", not starting with a digit, got "1PORT"`],
    ["an env name with a space", { env: { "MY VAR": "x" } }, `env names must be letters, digits, "_", "-" and ".", not starting with a digit, got "MY VAR"`],
    ["a bad secretEnv name", { secretEnv: [{ name: "A=B", secretName: "s", key: "k" }] }, `secretEnv[0].name names must be letters, digits, "_", "-" and ".", not starting with a digit, got "A=B"`],
    [
      "a name in env and secretEnv",
      { env: { DB_PASSWORD: "x" }, secretEnv: [{ name: "DB_PASSWORD", secretName: "db", key: "password" }] },
      `secretEnv[0].name "DB_PASSWORD" is set more than once (env and secretEnv share one set of names)`,
    ],
    [
      "a name twice in secretEnv",
      { secretEnv: [{ name: "A", secretName: "db", key: "a" }, { name: "A", secretName: "db", key: "b" }] },
      `secretEnv[1].name "A" is set more than once (env and secretEnv share one set of names)`,
    ],
    ["an uppercase Secret name", { secretEnv: [{ name: "A", secretName: "DB", key: "a" }] }, `secretEnv[0].secretName must be the name of a Secret (a lowercase DNS name), got "DB"`],
    ["a Secret key with a slash", { secretEnv: [{ name: "A", secretName: "db", key: "a/b" }] }, `secretEnv[0].key must be letters, digits, "-", "_" and ".", got "a/b"`],
    ["a bad ConfigMap name", { envFromConfigMaps: ["App_Settings"] }, `envFromConfigMaps[0] must be the name of a ConfigMap (a lowercase DNS name), got "App_Settings"`],
    ["a bad Secret name", { envFromSecrets: ["ok", ""] }, `envFromSecrets[1] must be the name of a Secret (a lowercase DNS name), got ""`],
  ])("%s is rejected", (_case, props, message) => {
    expectError(props, message);
  });
});

describe("WebService volumes", () => {
  test("a PersistentVolumeClaim and an emptyDir are mounted next to /tmp", () => {
    const { pod, container } = synthWeb({
      volumes: [
        { name: "content", mountPath: "/var/www/html", persistentVolumeClaimName: "wordpress-content" },
        { name: "cache", mountPath: "/var/cache/app", emptyDir: { sizeLimit: "1Gi", medium: "Memory" }, readOnly: false, subPath: "app" },
      ],
    });
    expect(pod.volume).toEqual([
      { name: "tmp", empty_dir: {} },
      { name: "content", persistent_volume_claim: { claim_name: "wordpress-content" } },
      { name: "cache", empty_dir: { size_limit: "1Gi", medium: "Memory" } },
    ]);
    expect(container.volume_mount).toEqual([
      { name: "tmp", mount_path: "/tmp" },
      { name: "content", mount_path: "/var/www/html" },
      { name: "cache", mount_path: "/var/cache/app", read_only: false, sub_path: "app" },
    ]);
  });

  test("a Secret's keys are mounted as read-only files (for *_FILE variables), group-readable by default", () => {
    const { pod, container } = synthWeb({
      volumes: [{ name: "db-password", mountPath: "/run/secrets/db", secret: { secretName: "mysql-credentials", items: [{ key: "mysql-password", path: "password" }] } }],
    });
    expect(pod.volume).toContainEqual({ name: "db-password", secret: { secret_name: "mysql-credentials", default_mode: "0440", items: [{ key: "mysql-password", path: "password" }] } });
    expect(container.volume_mount).toContainEqual({ name: "db-password", mount_path: "/run/secrets/db", read_only: true });
  });

  test("a volume at /tmp is fine once the root filesystem is writable", () => {
    const { pod } = synthWeb({ security: { readOnlyRootFilesystem: false }, volumes: [{ name: "scratch", mountPath: "/tmp", emptyDir: {} }] });
    expect(pod.volume).toEqual([{ name: "scratch", empty_dir: {} }]);
  });

  test.each<[string, NonNullable<WebServiceProps["volumes"]>, string]>([
    ["the reserved name tmp", [{ name: "tmp", mountPath: "/scratch", emptyDir: {} }], `volumes[0].name "tmp" is already used (volume names are unique per pod; "tmp" is reserved for /tmp)`],
    [
      "a name twice",
      [
        { name: "data", mountPath: "/a", emptyDir: {} },
        { name: "data", mountPath: "/b", emptyDir: {} },
      ],
      `volumes[1].name "data" is already used (volume names are unique per pod; "tmp" is reserved for /tmp)`,
    ],
    ["an uppercase name", [{ name: "Data", mountPath: "/data", emptyDir: {} }], `volumes[0].name must be a DNS label: 1..63 lowercase letters, digits and "-", starting and ending with a letter or digit, got "Data"`],
    ["a relative mount path", [{ name: "data", mountPath: "data", emptyDir: {} }], `volumes[0].mountPath must be an absolute path, got "data"`],
    ["a mount over /tmp", [{ name: "data", mountPath: "/tmp/", emptyDir: {} }], `volumes[0].mountPath "/tmp/" is already mounted by volume "tmp"`],
    ["two sources", [{ name: "data", mountPath: "/data", emptyDir: {}, persistentVolumeClaimName: "data" } as any], "volumes[0] must have exactly one of persistentVolumeClaimName, emptyDir or secret"],
    ["no source", [{ name: "data", mountPath: "/data" } as any], "volumes[0] must have exactly one of persistentVolumeClaimName, emptyDir or secret"],
    ["a bad secret name", [{ name: "pw", mountPath: "/run/secrets/pw", secret: { secretName: "Db_Secret" } }], `volumes[0].secret.secretName must be the name of a Secret (a lowercase DNS name), got "Db_Secret"`],
    ["a bad secret file mode", [{ name: "pw", mountPath: "/run/secrets/pw", secret: { secretName: "db", defaultMode: "rw" } }], `volumes[0].secret.defaultMode must be an octal file mode like "0440", got "rw"`],
    ["a secret item outside the mount", [{ name: "pw", mountPath: "/run/secrets/pw", secret: { secretName: "db", items: [{ key: "password", path: "../password" }] } }], `volumes[0].secret.items[0].path must be a relative path without "..", got "../password"`],
    ["a bad claim name", [{ name: "data", mountPath: "/data", persistentVolumeClaimName: "Data_Claim" }], `volumes[0].persistentVolumeClaimName must be a PersistentVolumeClaim name (a lowercase DNS name), got "Data_Claim"`],
  ])("%s is rejected", (_case, volumes, message) => {
    expectError({ volumes }, message);
  });
});

describe("WebService resources", () => {
  test("each quantity overrides only itself", () => {
    const { container } = synthWeb({ resources: { requests: { memory: "256Mi" }, limits: { memory: "512Mi", cpu: "1" } } });
    expect(container.resources).toEqual({ requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } });
  });

  test.each<[string, WebServiceProps["resources"], string]>([
    ["a CPU unit of cores with a suffix", { requests: { cpu: "1core" } }, `resources.requests.cpu must be a CPU quantity like "2", "1.5" or "500m", got "1core"`],
    ["a memory in MB", { limits: { memory: "512MB" } }, `resources.limits.memory must be a byte quantity like "4Gi", "512Mi" or "1G", got "512MB"`],
    ["a memory in milli", { requests: { memory: "128m" } }, `resources.requests.memory must be a whole number of bytes like "4Gi" or "512Mi" ("m" means milli, not mega), got "128m"`],
    ["a CPU request above the limit", { requests: { cpu: "1" } }, `resources.requests.cpu ("1") must not exceed resources.limits.cpu ("500m")`],
    ["a memory request above the limit", { requests: { memory: "1Gi" }, limits: { memory: "512Mi" } }, `resources.requests.memory ("1Gi") must not exceed resources.limits.memory ("512Mi")`],
  ])("%s is rejected", (_case, resources, message) => {
    expectError({ resources }, message);
  });

  test("equal request and limit (Guaranteed QoS) is accepted, however spelled", () => {
    expect(synthWeb({ resources: { requests: { cpu: "0.5", memory: "256Mi" } } }).container.resources.requests).toEqual({ cpu: "0.5", memory: "256Mi" });
    expect(synthWeb({ resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1000m", memory: "1024Mi" } } }).container.resources.limits).toEqual({ cpu: "1000m", memory: "1024Mi" });
  });
});

describe("WebService names and ports", () => {
  test.each<[string, Partial<WebServiceProps>, string]>([
    ["an uppercase name", { name: "Hello" }, `name must be a DNS label: 1..63 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, got "Hello"`],
    ["a name starting with a digit", { name: "1hello" }, `name must be a DNS label: 1..63 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, got "1hello"`],
    ["a name of 64 characters", { name: "h".repeat(64) }, `name must be a DNS label: 1..63 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, got "${"h".repeat(64)}"`],
    ["a name ending with -", { name: "hello-" }, `name must be a DNS label: 1..63 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, got "hello-"`],
    ["a namespace with _", { namespace: "minsu_kim" }, `namespace must be a DNS label: 1..63 lowercase letters, digits and "-", starting and ending with a letter or digit, got "minsu_kim"`],
    ["an appName with a space", { appName: "hello app" }, `appName must be a label value: 1..63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit, got "hello app"`],
    ["a partOf of 64 characters", { partOf: "p".repeat(64) }, `partOf must be a label value: 1..63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit, got "${"p".repeat(64)}"`],
    ["an empty image", { image: "" }, `image must be a container image reference like "nginx:1.27" or "registry.example.com/team/app@sha256:<digest>", got ""`],
    ["an image with a space", { image: "nginx 1.27" }, `image must be a container image reference like "nginx:1.27" or "registry.example.com/team/app@sha256:<digest>", got "nginx 1.27"`],
    ["container port 0", { containerPort: 0 }, "containerPort must be an integer 1..65535, got 0"],
    ["service port 65536", { servicePort: 65536 }, "servicePort must be an integer 1..65535, got 65536"],
  ])("%s is rejected", (_case, props, message) => {
    expectError(props, message);
  });

  test("a name of 63 characters and a namespace starting with a digit are accepted", () => {
    expect(synthWeb({ name: `h${"0".repeat(62)}`, namespace: "2026-minsu" }).web.serviceHost).toBe(`h${"0".repeat(62)}.2026-minsu.svc.cluster.local`);
  });
});
