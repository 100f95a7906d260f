import type { TerraformStack } from "cdktf";
import { HelloNodeLab, type HelloNodeLabProps } from "../constructs/cohort/hello-node-lab";
import { ServiceTypesLab, type ServiceTypesLabProps } from "../constructs/cohort/service-types-lab";
import { WordpressLab, type WordpressLabProps } from "../constructs/cohort/wordpress-lab";
import { MysqlDatabase } from "../constructs/workloads/mysql-database";
import { WebService } from "../constructs/workloads/web-service";
import { blocksOf, kubernetesTestStack, synthStack, type SynthesizedStack } from "./helpers";

const NAMESPACE = "minsu-kim";
const IGNORE_IMAGE = "spec[0].template[0].spec[0].container[0].image";
const IGNORE_REPLICAS = "spec[0].replicas";
const LB_TYPE = "service.beta.kubernetes.io/aws-load-balancer-type";
const LB_TARGET_TYPE = "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type";
const LB_SCHEME = "service.beta.kubernetes.io/aws-load-balancer-scheme";

/** Synthesizes a stack after `build` added the labs to it. */
function synth(build: (stack: TerraformStack) => void) {
  const stack = kubernetesTestStack();
  build(stack);
  const { json, text } = synthStack(stack);
  return {
    json,
    text,
    deployments: blocksOf(json, "kubernetes_deployment_v1"),
    statefulSets: blocksOf(json, "kubernetes_stateful_set_v1"),
    services: blocksOf(json, "kubernetes_service_v1"),
    secrets: blocksOf(json, "kubernetes_secret_v1"),
    hpas: blocksOf(json, "kubernetes_horizontal_pod_autoscaler_v2"),
    pdbs: blocksOf(json, "kubernetes_pod_disruption_budget_v1"),
    ingresses: blocksOf(json, "kubernetes_ingress_v1"),
    passwords: blocksOf(json, "random_password"),
  };
}

/** The one block of `blocks` whose `metadata.name` is `name`. */
function named(blocks: Record<string, any>[], name: string): Record<string, any> {
  const matches = blocks.filter((block) => block.metadata.name === name);
  expect(matches).toHaveLength(1);
  return matches[0];
}

/** The `${type.id.metadata[0].name}` reference to the one resource of `type` named `name`. */
function nameReference(json: SynthesizedStack, type: string, name: string): string {
  const ids = Object.entries(json.resource?.[type] ?? {})
    .filter(([, block]) => block.metadata.name === name)
    .map(([id]) => id);
  expect(ids).toHaveLength(1);
  return `\${${type}.${ids[0]}.metadata[0].name}`;
}

const names = (blocks: Record<string, any>[]) => blocks.map((block) => block.metadata.name).sort();

describe("HelloNodeLab", () => {
  const synthHello = (props: Partial<HelloNodeLabProps> = {}) => {
    const result = synth((stack) => new HelloNodeLab(stack, "hello-node", { namespace: NAMESPACE, ...props }));
    const [deployment] = result.deployments;
    return { ...result, deployment, container: deployment.spec.template.spec.container[0] };
  };

  test("GIVEN defaults THEN one Deployment hello-node of 4 replicas that does not wait for its rollout", () => {
    const { deployments, deployment } = synthHello();
    expect(deployments).toHaveLength(1);
    expect(deployment.metadata).toMatchObject({ name: "hello-node", namespace: NAMESPACE });
    expect(deployment.spec.replicas).toBe("4");
    expect(HelloNodeLab.DEFAULT_REPLICAS).toBe(4);
    expect(deployment.wait_for_rollout).toBe(false);
    expect(deployment.spec.strategy).toEqual({ type: "RollingUpdate", rolling_update: { max_surge: "1", max_unavailable: "0" } });
  });

  test("GIVEN defaults THEN the container listens on 8080 with PORT=8080, the default image and small resources", () => {
    const { container } = synthHello();
    expect(container.name).toBe("hello-node");
    expect(container.image).toBe(HelloNodeLab.DEFAULT_IMAGE);
    expect(container.image).toBe("us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0");
    expect(container.image_pull_policy).toBe("IfNotPresent");
    expect(container.port).toEqual([{ name: "http", container_port: 8080, protocol: "TCP" }]);
    expect(container.env).toEqual([{ name: "PORT", value: "8080" }]);
    // 100m: eight autoscaled replicas and a surge pod fit the default quota's CPU limits beside the other labs.
    expect(container.resources).toEqual({ requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "100m", memory: "128Mi" } });
  });

  test("GIVEN defaults THEN readiness and liveness are HTTP GET / on 8080", () => {
    const { container } = synthHello();
    expect(container.readiness_probe.http_get).toEqual({ path: "/", port: "8080" });
    expect(container.liveness_probe.http_get).toEqual({ path: "/", port: "8080" });
    expect(container.readiness_probe.tcp_socket).toBeUndefined();
  });

  test.each([
    ["the default image", undefined, HelloNodeLab.DEFAULT_IMAGE],
    ["a student's ECR image", "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/minsu-kim/hello-node:v1", "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/minsu-kim/hello-node:v1"],
  ])("GIVEN %s THEN it is the first image and Terraform ignores later image changes (CI rollouts are not reverted)", (_case, image, expected) => {
    const { container, deployment } = synthHello({ image });
    expect(container.image).toBe(expected);
    expect(deployment.lifecycle).toEqual({ ignore_changes: [IGNORE_IMAGE] });
    expect(WebService.IGNORE_IMAGE).toBe(IGNORE_IMAGE);
  });

  test("GIVEN defaults THEN a ClusterIP Service hello-node from 80 to 8080 selects exactly the Deployment's pods", () => {
    const { services, deployment } = synthHello();
    expect(services).toHaveLength(1);
    const [service] = services;
    expect(service.metadata).toMatchObject({ name: "hello-node", namespace: NAMESPACE });
    expect(service.spec.type).toBe("ClusterIP");
    expect(service.spec.port).toEqual([{ name: "http", protocol: "TCP", port: 80, target_port: "8080" }]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.match_labels);
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
  });

  test("GIVEN no ingressPath THEN no Ingress and no HPA, and a PDB for the 4 replicas", () => {
    const { ingresses, hpas, pdbs, deployment } = synthHello();
    expect(ingresses).toEqual([]);
    expect(hpas).toEqual([]);
    expect(pdbs).toHaveLength(1);
    expect(pdbs[0].spec).toEqual({ max_unavailable: "1", selector: { match_labels: deployment.spec.selector.match_labels } });
  });

  test("GIVEN ingressPath /minsu-kim THEN one Ingress of class alb routes that prefix to the hello-node Service", () => {
    const { json, ingresses } = synthHello({ ingressPath: "/minsu-kim" });
    expect(ingresses).toHaveLength(1);
    const [ingress] = ingresses;
    expect(ingress.metadata).toMatchObject({ name: "hello-node", namespace: NAMESPACE });
    expect(ingress.spec.ingress_class_name).toBe("alb");
    expect(ingress.spec.rule).toEqual([
      {
        http: {
          path: [
            {
              path: "/minsu-kim",
              path_type: "Prefix",
              backend: { service: { name: nameReference(json, "kubernetes_service_v1", "hello-node"), port: { number: 80 } } },
            },
          ],
        },
      },
    ]);
    // The ALB checks the same path the probes use, straight on the pod IPs.
    expect(ingress.metadata.annotations).toEqual({
      "alb.ingress.kubernetes.io/target-type": "ip",
      "alb.ingress.kubernetes.io/healthcheck-path": "/",
    });
    expect(ingress.wait_for_load_balancer).toBe(false);
  });

  test("GIVEN ingressPath without a leading slash THEN it throws", () => {
    expect(() => synthHello({ ingressPath: "minsu-kim" })).toThrow('WebService test/hello-node/app: ingress.path must start with "/", got "minsu-kim"');
  });

  test("GIVEN autoscaling 4..8 THEN an autoscaling/v2 HPA on CPU, 4 replicas at creation, replicas also ignored, and the PDB kept", () => {
    const { json, hpas, pdbs, deployment } = synthHello({ autoscaling: { minReplicas: 4, maxReplicas: 8 } });
    expect(hpas).toHaveLength(1);
    const [hpa] = hpas;
    expect(hpa.metadata).toMatchObject({ name: "hello-node", namespace: NAMESPACE });
    expect(hpa.spec).toEqual({
      min_replicas: 4,
      max_replicas: 8,
      scale_target_ref: { api_version: "apps/v1", kind: "Deployment", name: nameReference(json, "kubernetes_deployment_v1", "hello-node") },
      metric: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", average_utilization: 70 } } }],
    });
    expect(deployment.spec.replicas).toBe("4");
    expect(deployment.lifecycle).toEqual({ ignore_changes: [IGNORE_IMAGE, IGNORE_REPLICAS] });
    expect(pdbs).toHaveLength(1);
    expect(pdbs[0].spec.max_unavailable).toBe("1");
  });

  test("GIVEN autoscaling AND replicas THEN replicas is ignored: the HPA minimum is the count at creation", () => {
    const { deployment, hpas } = synthHello({ replicas: 6, autoscaling: { minReplicas: 3, maxReplicas: 8 } });
    expect(deployment.spec.replicas).toBe("3");
    expect(hpas[0].spec.min_replicas).toBe(3);
  });

  test.each([
    [1, 0],
    [2, 1],
    [6, 1],
  ])("GIVEN replicas %d THEN the Deployment has that count and %d PDB", (replicas, pdbCount) => {
    const { deployment, pdbs } = synthHello({ replicas });
    expect(deployment.spec.replicas).toBe(String(replicas));
    expect(pdbs).toHaveLength(pdbCount);
  });

  test("GIVEN partOf THEN every object and the pod template carry it, the selector does not", () => {
    const { deployment, services, pdbs } = synthHello({ partOf: "study-jam" });
    for (const block of [deployment, ...services, ...pdbs]) expect(block.metadata.labels["app.kubernetes.io/part-of"]).toBe("study-jam");
    expect(deployment.spec.template.metadata.labels["app.kubernetes.io/part-of"]).toBe("study-jam");
    expect(deployment.spec.selector.match_labels).toEqual({ "app.kubernetes.io/name": "hello-node", "app.kubernetes.io/instance": "hello-node" });
  });
});

describe("ServiceTypesLab", () => {
  const synthTypes = (props: Partial<ServiceTypesLabProps> = {}) => {
    const result = synth((stack) => new ServiceTypesLab(stack, "service-types", { namespace: NAMESPACE, ...props }));
    const [deployment] = result.deployments;
    return { ...result, deployment, container: deployment.spec.template.spec.container[0] };
  };

  test("GIVEN defaults THEN ONE Deployment echo of 2 agnhost serve-hostname replicas on 8080 (no netexec: it serves a remote shell)", () => {
    const { deployments, deployment, container } = synthTypes();
    expect(deployments).toHaveLength(1);
    expect(deployment.metadata).toMatchObject({ name: "echo", namespace: NAMESPACE });
    expect(deployment.spec.replicas).toBe("2");
    expect(deployment.wait_for_rollout).toBe(false);
    expect(container.image).toBe(ServiceTypesLab.DEFAULT_IMAGE);
    expect(container.image).toBe("registry.k8s.io/e2e-test-images/agnhost:2.66.1");
    expect(container.args).toEqual(["serve-hostname", "--http", "--port=8080"]);
    expect(container.command).toBeUndefined();
    expect(container.port).toEqual([{ name: "http", container_port: 8080, protocol: "TCP" }]);
    // serve-hostname answers every path with the pod name.
    expect(container.readiness_probe.http_get).toEqual({ path: "/", port: "8080" });
    expect(container.resources).toEqual({ requests: { cpu: "50m", memory: "32Mi" }, limits: { cpu: "200m", memory: "64Mi" } });
  });

  test("GIVEN a custom image THEN the Deployment runs it with the same serve-hostname args", () => {
    const { container } = synthTypes({ image: "registry.k8s.io/e2e-test-images/agnhost:2.52" });
    expect(container.image).toBe("registry.k8s.io/e2e-test-images/agnhost:2.52");
    expect(container.args).toEqual(["serve-hostname", "--http", "--port=8080"]);
  });

  test("GIVEN no loadBalancer THEN the Services are echo, echo-external, echo-nodeport and echo-sticky, no echo-lb", () => {
    const { services } = synthTypes();
    expect(names(services)).toEqual(["echo", "echo-external", "echo-nodeport", "echo-sticky"]);
    services.forEach((service) => expect(service.metadata.namespace).toBe(NAMESPACE));
  });

  test.each([
    ["echo", "ClusterIP", "None", undefined],
    ["echo-nodeport", "NodePort", "None", undefined],
    ["echo-sticky", "ClusterIP", "ClientIP", { client_ip: { timeout_seconds: 10800 } }],
  ])("GIVEN defaults THEN Service %s is %s with affinity %s, port 80 to 8080, and the Deployment's exact selector", (name, type, affinity, affinityConfig) => {
    const { services, deployment } = synthTypes();
    const service = named(services, name);
    expect(service.spec.type).toBe(type);
    expect(service.spec.session_affinity).toBe(affinity);
    expect(service.spec.session_affinity_config).toEqual(affinityConfig);
    expect(service.spec.selector).toEqual(deployment.spec.selector.match_labels);
    expect(service.spec.selector).toEqual({ "app.kubernetes.io/name": "echo", "app.kubernetes.io/instance": "echo" });
    expect(service.spec.port).toEqual([{ name: "http", protocol: "TCP", port: 80, target_port: "8080" }]);
    expect(service.metadata.annotations).toBeUndefined();
  });

  test("GIVEN defaults THEN echo-nodeport leaves the node port to Kubernetes (unique cluster-wide)", () => {
    const { services } = synthTypes();
    expect(named(services, "echo-nodeport").spec.port[0].node_port).toBeUndefined();
  });

  test("GIVEN defaults THEN echo-external is an ExternalName alias of example.com without selector or ports", () => {
    const { services } = synthTypes();
    const external = named(services, "echo-external");
    expect(external.spec).toEqual({ type: "ExternalName", external_name: "example.com" });
    expect(ServiceTypesLab.DEFAULT_EXTERNAL_NAME).toBe("example.com");
  });

  test("GIVEN externalName db.example.org THEN echo-external points there", () => {
    const { services } = synthTypes({ externalName: "db.example.org" });
    expect(named(services, "echo-external").spec.external_name).toBe("db.example.org");
  });

  test("GIVEN an externalName that is a URL THEN it throws", () => {
    expect(() => synthTypes({ externalName: "https://example.com" })).toThrow(
      'ExternalNameService test/service-types/external: externalName must be a lowercase DNS name like "api.example.com" (not an IP address or a URL), got "https://example.com"',
    );
  });

  test.each(["internet-facing", "internal"] as const)(
    "GIVEN loadBalancer scheme %s THEN echo-lb is a LoadBalancer for the AWS Load Balancer Controller (NLB, IP targets)",
    (scheme) => {
      const { services, deployment } = synthTypes({ loadBalancer: { scheme } });
      expect(names(services)).toEqual(["echo", "echo-external", "echo-lb", "echo-nodeport", "echo-sticky"]);
      const lb = named(services, "echo-lb");
      expect(lb.spec.type).toBe("LoadBalancer");
      expect(lb.metadata.annotations).toEqual({ [LB_TYPE]: "external", [LB_TARGET_TYPE]: "ip", [LB_SCHEME]: scheme });
      expect(lb.spec.selector).toEqual(deployment.spec.selector.match_labels);
      expect(lb.spec.port).toEqual([{ name: "http", protocol: "TCP", port: 80, target_port: "8080" }]);
      expect(lb.wait_for_load_balancer).toBe(false);
    },
  );

  test("GIVEN defaults THEN one PDB for the 2 echo pods and no HPA or Ingress", () => {
    const { pdbs, hpas, ingresses } = synthTypes();
    expect(names(pdbs)).toEqual(["echo"]);
    expect(hpas).toEqual([]);
    expect(ingresses).toEqual([]);
  });

  test("GIVEN partOf THEN every Service, including echo-external, carries it", () => {
    const { services } = synthTypes({ partOf: "service-types", loadBalancer: { scheme: "internal" } });
    expect(services).toHaveLength(5);
    services.forEach((service) => expect(service.metadata.labels["app.kubernetes.io/part-of"]).toBe("service-types"));
  });
});

describe("WordpressLab", () => {
  const synthWordpress = (props: Partial<WordpressLabProps> = {}) => {
    const result = synth((stack) => new WordpressLab(stack, "wordpress", { namespace: NAMESPACE, ...props }));
    const wordpress = named(result.deployments, "wordpress");
    const [statefulSet] = result.statefulSets;
    return {
      ...result,
      wordpress,
      container: wordpress.spec.template.spec.container[0],
      statefulSet,
      mysqlContainer: statefulSet.spec.template.spec.container[0],
    };
  };

  test("GIVEN defaults THEN MySQL is a StatefulSet mysql of 1 pod with a 10Gi ReadWriteOnce claim template on the default StorageClass", () => {
    const { statefulSets, statefulSet } = synthWordpress();
    expect(statefulSets).toHaveLength(1);
    expect(statefulSet.metadata).toMatchObject({ name: "mysql", namespace: NAMESPACE });
    expect(statefulSet.spec.replicas).toBe("1");
    expect(statefulSet.spec.volume_claim_template).toHaveLength(1);
    const [claim] = statefulSet.spec.volume_claim_template;
    expect(claim.metadata.name).toBe("data");
    expect(claim.spec).toEqual({ access_modes: ["ReadWriteOnce"], resources: { requests: { storage: MysqlDatabase.DEFAULT_STORAGE_SIZE } } });
    expect(MysqlDatabase.DEFAULT_STORAGE_SIZE).toBe("10Gi");
  });

  test("GIVEN storageSize 5Gi and storageClassName gp3 THEN the claim template uses them", () => {
    const { statefulSet } = synthWordpress({ storageSize: "5Gi", storageClassName: "gp3" });
    expect(statefulSet.spec.volume_claim_template[0].spec).toEqual({
      access_modes: ["ReadWriteOnce"],
      storage_class_name: "gp3",
      resources: { requests: { storage: "5Gi" } },
    });
  });

  test("GIVEN defaults THEN the credentials Secret holds two random_password results", () => {
    const { json, secrets, passwords } = synthWordpress();
    expect(passwords).toHaveLength(2);
    expect(secrets).toHaveLength(1);
    const [secret] = secrets;
    expect(secret.metadata).toMatchObject({ name: "mysql-credentials", namespace: NAMESPACE });
    const passwordIds = Object.keys(json.resource!.random_password).sort();
    expect(Object.values(secret.data).sort()).toEqual(passwordIds.map((id) => `\${random_password.${id}.result}`));
    expect(Object.keys(secret.data).sort()).toEqual([MysqlDatabase.PASSWORD_KEY, MysqlDatabase.ROOT_PASSWORD_KEY].sort());
  });

  test("GIVEN defaults THEN WordPress is a Deployment of 1 replica on port 80 with the default image", () => {
    const { deployments, wordpress, container } = synthWordpress();
    expect(deployments).toHaveLength(1);
    expect(wordpress.metadata).toMatchObject({ name: "wordpress", namespace: NAMESPACE });
    expect(wordpress.spec.replicas).toBe("1");
    expect(wordpress.wait_for_rollout).toBe(false);
    expect(container.image).toBe(WordpressLab.DEFAULT_IMAGE);
    expect(container.image).toBe("public.ecr.aws/docker/library/wordpress:7.1.0-php8.3-apache");
    expect(container.port).toEqual([{ name: "http", container_port: 80, protocol: "TCP" }]);
    expect(container.readiness_probe.tcp_socket).toEqual([{ port: "80" }]);
    expect(container.resources).toEqual({ requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } });
  });

  test("GIVEN defaults THEN WordPress reaches MySQL at the mysql Service host on 3306 as user wordpress, database wordpress", () => {
    const { json, container } = synthWordpress();
    const mysqlService = nameReference(json, "kubernetes_service_v1", "mysql");
    const secretName = nameReference(json, "kubernetes_secret_v1", "mysql-credentials");
    expect(container.env).toEqual([
      { name: "WORDPRESS_DB_HOST", value: `${mysqlService}.${NAMESPACE}.svc.cluster.local:3306` },
      { name: "WORDPRESS_DB_USER", value: MysqlDatabase.DEFAULT_USER_NAME },
      { name: "WORDPRESS_DB_NAME", value: MysqlDatabase.DEFAULT_DATABASE_NAME },
      { name: "WORDPRESS_DB_PASSWORD_FILE", value: "/run/secrets/wordpress-db/password" },
    ]);
    expect(container.volume_mount).toEqual([{ name: "db-password", mount_path: "/run/secrets/wordpress-db", read_only: true }]);
    expect(secretName).toBeDefined();
    expect(MysqlDatabase.PORT).toBe(3306);
  });

  test("GIVEN defaults THEN WordPress's password file holds exactly the Secret key MySQL reads as MYSQL_PASSWORD_FILE (the user's, not root's)", () => {
    const { json, wordpress, mysqlContainer } = synthWordpress();
    const secretName = nameReference(json, "kubernetes_secret_v1", "mysql-credentials");
    // Only the user's password is projected into the WordPress pod, as the file the variable names; www-data reads it per request.
    expect(wordpress.spec.template.spec.volume).toEqual([
      { name: "db-password", secret: { secret_name: secretName, default_mode: "0444", items: [{ key: MysqlDatabase.PASSWORD_KEY, path: "password" }] } },
    ]);
    expect(mysqlContainer.env.find((env: any) => env.name === "MYSQL_PASSWORD_FILE").value).toBe(`/run/secrets/mysql/${MysqlDatabase.PASSWORD_KEY}`);
    expect(MysqlDatabase.PASSWORD_KEY).not.toBe(MysqlDatabase.ROOT_PASSWORD_KEY);
  });

  test("GIVEN defaults THEN the wordpress Service is ClusterIP from 80 to 80 and selects only WordPress's pods", () => {
    const { services, wordpress } = synthWordpress();
    expect(names(services)).toEqual(["mysql", "wordpress"]);
    const service = named(services, "wordpress");
    expect(service.spec.type).toBe("ClusterIP");
    expect(service.spec.port).toEqual([{ name: "http", protocol: "TCP", port: 80, target_port: "80" }]);
    expect(service.spec.selector).toEqual(wordpress.spec.selector.match_labels);
  });

  test("GIVEN one replica THEN no PDB (it would block node drains), no HPA, no Ingress", () => {
    const { pdbs, hpas, ingresses } = synthWordpress();
    expect(pdbs).toEqual([]);
    expect(hpas).toEqual([]);
    expect(ingresses).toEqual([]);
  });

  test("GIVEN the official image THEN root at start, a writable root and default capabilities but NET_RAW, no privilege escalation", () => {
    const { wordpress, container } = synthWordpress();
    const pod = wordpress.spec.template.spec;
    expect(pod.security_context).toEqual({ run_as_non_root: false, seccomp_profile: { type: "RuntimeDefault" } });
    expect(pod.automount_service_account_token).toBe(false);
    // Default capabilities but NET_RAW, which WordPress never needs.
    expect(container.security_context).toEqual({ allow_privilege_escalation: false, read_only_root_filesystem: false, capabilities: { drop: ["NET_RAW"] } });
    // A writable root needs no /tmp emptyDir: the only volume is the password file.
    expect(pod.volume.map((volume: { name: string }) => volume.name)).toEqual(["db-password"]);
    expect(container.volume_mount.map((mount: { name: string }) => mount.name)).toEqual(["db-password"]);
  });

  test("GIVEN defaults THEN no password value appears anywhere in the synthesized JSON", () => {
    const { text, json, secrets, passwords, container, mysqlContainer } = synthWordpress();
    // Every password variable names a file mounted from the Secret; none carries a value or reads the Secret into the environment.
    const passwordVariables = [...container.env, ...mysqlContainer.env].filter((variable: any) => /PASSWORD/.test(variable.name));
    expect(passwordVariables.map((variable: any) => variable.name).sort()).toEqual(["MYSQL_PASSWORD_FILE", "MYSQL_ROOT_PASSWORD_FILE", "WORDPRESS_DB_PASSWORD_FILE"]);
    for (const env of passwordVariables) expect(env.value).toMatch(/^\/run\/secrets\//);
    expect(nameReference(json, "kubernetes_secret_v1", "mysql-credentials")).toBeDefined();
    // The Secret holds only references to random_password, which carry no value (no keepers, no result).
    Object.values(secrets[0].data).forEach((value) => expect(value).toMatch(/^\$\{random_password\.[^.}]+\.result\}$/));
    passwords.forEach((password) => expect(password).toEqual({ length: 24, special: true, override_special: "-_." }));
    expect(text).not.toMatch(/string_data/);
    expect(text).not.toMatch(/"[A-Z_]*PASSWORD",\s*"value"\s*:/);
  });

  test("GIVEN partOf THEN the MySQL and WordPress objects all carry it", () => {
    const { deployments, statefulSets, services, secrets } = synthWordpress({ partOf: "wordpress" });
    for (const block of [...deployments, ...statefulSets, ...services, ...secrets]) {
      expect(block.metadata.labels["app.kubernetes.io/part-of"]).toBe("wordpress");
    }
  });
});

describe("the three labs side by side", () => {
  /** Every lab with every option on, in one namespace, as the students stack builds them. */
  const synthAll = () =>
    synth((stack) => {
      new HelloNodeLab(stack, "hello-node", { namespace: NAMESPACE, partOf: "labs", ingressPath: "/minsu-kim", autoscaling: { minReplicas: 4, maxReplicas: 8 } });
      new ServiceTypesLab(stack, "service-types", { namespace: NAMESPACE, partOf: "labs", loadBalancer: { scheme: "internet-facing" } });
      new WordpressLab(stack, "wordpress", { namespace: NAMESPACE, partOf: "labs" });
    });

  test('GIVEN all three labs in namespace "minsu-kim" THEN Service names are unique', () => {
    const { services } = synthAll();
    expect(names(services)).toEqual(["echo", "echo-external", "echo-lb", "echo-nodeport", "echo-sticky", "hello-node", "mysql", "wordpress"]);
    expect(new Set(names(services)).size).toBe(services.length);
    services.forEach((service) => expect(service.metadata.namespace).toBe(NAMESPACE));
  });

  test('GIVEN all three labs in namespace "minsu-kim" THEN every other kind has unique object names too', () => {
    const { deployments, statefulSets, secrets, hpas, pdbs, ingresses } = synthAll();
    expect(names(deployments)).toEqual(["echo", "hello-node", "wordpress"]);
    expect(names(statefulSets)).toEqual(["mysql"]);
    expect(names(secrets)).toEqual(["mysql-credentials"]);
    expect(names(hpas)).toEqual(["hello-node"]);
    expect(names(pdbs)).toEqual(["echo", "hello-node"]);
    expect(names(ingresses)).toEqual(["hello-node"]);
  });

  test('GIVEN all three labs in namespace "minsu-kim" THEN each Service with a selector selects the pods of exactly one workload, its own', () => {
    const { services, deployments, statefulSets } = synthAll();
    const workloads = [...deployments, ...statefulSets];
    const owner: Record<string, string> = {
      echo: "echo",
      "echo-lb": "echo",
      "echo-nodeport": "echo",
      "echo-sticky": "echo",
      "hello-node": "hello-node",
      mysql: "mysql",
      wordpress: "wordpress",
    };
    for (const service of services.filter((block) => block.spec.selector !== undefined)) {
      const selected = workloads.filter((workload) => Object.entries(service.spec.selector).every(([key, value]) => workload.spec.template.metadata.labels[key] === value));
      expect({ service: service.metadata.name, selects: selected.map((workload) => workload.metadata.name) }).toEqual({
        service: service.metadata.name,
        selects: [owner[service.metadata.name]],
      });
    }
  });
});
