import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { Password } from "@cdktf/provider-random/lib/password";
import { TerraformOutput } from "cdktf";
import { MysqlDatabase, type MysqlDatabaseProps } from "../constructs/workloads/mysql-database";
import { blocksOf, kubernetesTestStack, synthStack } from "./helpers";

function synthDatabase(props: Partial<MysqlDatabaseProps> = {}) {
  const stack = kubernetesTestStack();
  const database = new MysqlDatabase(stack, "db", { namespace: "minsu-kim", ...props });
  const { text, json } = synthStack(stack);
  const [statefulSet] = blocksOf(json, "kubernetes_stateful_set_v1");
  const pod = statefulSet.spec.template.spec;
  const [container] = pod.container;
  return { database, text, json, statefulSet, pod, container };
}

/** The `${type.id.attribute}` reference to the only resource of `type`. */
function referenceTo(json: Record<string, any>, type: string, attribute: string): string {
  const ids = Object.keys(json.resource[type]);
  expect(ids).toHaveLength(1);
  return `\${${type}.${ids[0]}.${attribute}}`;
}

describe("MysqlDatabase", () => {
  describe("passwords", () => {
    test("root and user passwords are generated: 24 characters, specials limited to -_.", () => {
      const { json, text } = synthDatabase();
      const passwords = blocksOf(json, "random_password");
      expect(passwords).toEqual([
        { length: 24, special: true, override_special: "-_." },
        { length: 24, special: true, override_special: "-_." },
      ]);
      expect(text).toHaveResourceWithProperties(Password, { length: MysqlDatabase.PASSWORD_LENGTH });
    });

    test("one Opaque Secret holds both passwords as references to random_password, never as literals", () => {
      const { json, text } = synthDatabase();
      const secrets = blocksOf(json, "kubernetes_secret_v1");
      expect(secrets).toHaveLength(1);
      const [secret] = secrets;
      expect(secret.metadata).toMatchObject({ name: "mysql-credentials", namespace: "minsu-kim" });
      expect(secret.type).toBe("Opaque");
      const passwordIds = Object.keys(json.resource!.random_password);
      const rootId = passwordIds.find((id) => id.includes("root-password"))!;
      const userId = passwordIds.find((id) => id.includes("user-password"))!;
      expect(secret.data).toEqual({
        "mysql-root-password": `\${random_password.${rootId}.result}`,
        "mysql-password": `\${random_password.${userId}.result}`,
      });
      expect(text).toHaveResourceWithProperties(SecretV1, { type: "Opaque" });
    });

    test("no password value appears anywhere in the synthesized JSON: MySQL reads them from the Secret mounted as files", () => {
      const { json, container, pod, text } = synthDatabase();
      const secretName = referenceTo(json, "kubernetes_secret_v1", "metadata[0].name");
      const passwordEnv = container.env.filter((env: any) => /PASSWORD/.test(env.name));
      // *_FILE: the passwords never sit in the environment of mysqld (or of anything it starts).
      expect(passwordEnv).toEqual([
        { name: "MYSQL_ROOT_PASSWORD_FILE", value: "/run/secrets/mysql/mysql-root-password" },
        { name: "MYSQL_PASSWORD_FILE", value: "/run/secrets/mysql/mysql-password" },
      ]);
      expect(pod.volume).toContainEqual({ name: "credentials", secret: { secret_name: secretName, default_mode: "0440" } });
      expect(container.volume_mount).toContainEqual({ name: "credentials", mount_path: "/run/secrets/mysql", read_only: true });
      // Every value under a key that mentions a password is a reference to a random_password result.
      const passwordValues: string[] = [];
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node !== null && typeof node === "object") {
          for (const [key, value] of Object.entries(node)) {
            if (/password/i.test(key) && typeof value === "string") passwordValues.push(value);
            walk(value);
          }
        }
      };
      walk(json.resource);
      expect(passwordValues).toHaveLength(2);
      passwordValues.forEach((value) => expect(value).toMatch(/^\$\{random_password\.[\w-]+\.result\}$/));
      expect(text.match(/random_password\.[\w-]+\.result/g)).toHaveLength(2);
    });
  });

  test("the container gets the database, the user and a root restricted to localhost as plain values", () => {
    const { container } = synthDatabase({ databaseName: "blog", userName: "blog_app" });
    const plain = Object.fromEntries(container.env.filter((env: any) => "value" in env).map((env: any) => [env.name, env.value]));
    expect(plain).toEqual({
      MYSQL_DATABASE: "blog",
      MYSQL_USER: "blog_app",
      MYSQL_ROOT_HOST: "localhost",
      MYSQL_ROOT_PASSWORD_FILE: "/run/secrets/mysql/mysql-root-password",
      MYSQL_PASSWORD_FILE: "/run/secrets/mysql/mysql-password",
    });
  });

  test("the headless Service selects the pod on 3306 and governs the StatefulSet", () => {
    const { json, statefulSet, text } = synthDatabase();
    const [service] = blocksOf(json, "kubernetes_service_v1");
    expect(service.metadata).toMatchObject({ name: "mysql", namespace: "minsu-kim" });
    expect(service.spec).toEqual({
      cluster_ip: "None",
      selector: { "app.kubernetes.io/name": "mysql", "app.kubernetes.io/instance": "mysql" },
      port: [{ name: "mysql", port: 3306, target_port: "mysql", protocol: "TCP" }],
    });
    expect(statefulSet.spec.service_name).toBe(referenceTo(json, "kubernetes_service_v1", "metadata[0].name"));
    expect(statefulSet.spec.selector.match_labels).toEqual(service.spec.selector);
    expect(statefulSet.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(text).toHaveResourceWithProperties(ServiceV1, { spec: expect.objectContaining({ cluster_ip: "None" }) });
  });

  test("one replica of the pinned MySQL 8.4 patch release, data in a subdirectory of the volume, no waiting on the pod", () => {
    const { statefulSet, container } = synthDatabase();
    expect(statefulSet.metadata).toMatchObject({ name: "mysql", namespace: "minsu-kim" });
    expect(statefulSet.spec.replicas).toBe("1");
    expect(container.image).toBe("public.ecr.aws/docker/library/mysql:8.4.11");
    // A timeout would taint the StatefulSet, and its replacement would drop the volume (Delete retention).
    expect(statefulSet.wait_for_rollout).toBe(false);
    expect(container.image_pull_policy).toBe("IfNotPresent");
    expect(container.args).toEqual(["--datadir=/var/lib/mysql/data"]);
    expect(container.port).toEqual([{ name: "mysql", container_port: 3306, protocol: "TCP" }]);
    expect(container.resources).toEqual({ requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } });
  });

  test("a resource quantity given replaces only its own default", () => {
    const { container } = synthDatabase({ resources: { limits: { memory: "2Gi" }, requests: { cpu: "500m" } } });
    expect(container.resources).toEqual({ requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "1", memory: "2Gi" } });
  });

  describe("volume claim template", () => {
    test("by default: 10Gi, ReadWriteOnce, the cluster's default StorageClass, mounted at /var/lib/mysql", () => {
      const { statefulSet, container } = synthDatabase();
      expect(statefulSet.spec.volume_claim_template).toEqual([
        {
          metadata: { name: "data", labels: { "app.kubernetes.io/name": "mysql", "app.kubernetes.io/instance": "mysql", "app.kubernetes.io/component": "database" } },
          spec: { access_modes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } },
        },
      ]);
      expect(container.volume_mount).toContainEqual({ name: "data", mount_path: "/var/lib/mysql" });
    });

    test("size and class are configurable", () => {
      const { statefulSet } = synthDatabase({ storageSize: "20Gi", storageClassName: "gp3" });
      expect(statefulSet.spec.volume_claim_template[0].spec).toEqual({
        access_modes: ["ReadWriteOnce"],
        storage_class_name: "gp3",
        resources: { requests: { storage: "20Gi" } },
      });
    });

    test("extra labels and part-of do not reach the immutable claim template", () => {
      const { statefulSet } = synthDatabase({ labels: { course: "devops" }, partOf: "wordpress" });
      expect(statefulSet.spec.volume_claim_template[0].metadata.labels).toEqual({
        "app.kubernetes.io/name": "mysql",
        "app.kubernetes.io/instance": "mysql",
        "app.kubernetes.io/component": "database",
      });
      expect(statefulSet.metadata.labels).toMatchObject({ course: "devops", "app.kubernetes.io/part-of": "wordpress" });
    });
  });

  describe("retention policy", () => {
    test("the claim is deleted with the StatefulSet and kept on scale-down by default", () => {
      expect(synthDatabase().statefulSet.spec.persistent_volume_claim_retention_policy).toEqual([{ when_deleted: "Delete", when_scaled: "Retain" }]);
      expect(MysqlDatabase.DEFAULT_VOLUME_RETENTION).toBe("Delete");
    });

    test("Retain keeps it", () => {
      expect(synthDatabase({ volumeRetention: "Retain" }).statefulSet.spec.persistent_volume_claim_retention_policy).toEqual([
        { when_deleted: "Retain", when_scaled: "Retain" },
      ]);
    });
  });

  describe("security", () => {
    test("the pod runs as the image's mysql user 999 with fsGroup 999, RuntimeDefault seccomp and no service account token", () => {
      const { pod } = synthDatabase();
      expect(pod.security_context).toEqual({
        run_as_user: "999",
        run_as_group: "999",
        run_as_non_root: true,
        fs_group: "999",
        fs_group_change_policy: "OnRootMismatch",
        seccomp_profile: { type: "RuntimeDefault" },
      });
      expect(pod.automount_service_account_token).toBe(false);
      expect(pod.enable_service_links).toBe(false);
    });

    test("the container cannot escalate, has no capabilities and a read-only root with writable /var/run/mysqld and /tmp", () => {
      const { pod, container } = synthDatabase();
      expect(container.security_context).toEqual({
        run_as_non_root: true,
        allow_privilege_escalation: false,
        privileged: false,
        read_only_root_filesystem: true,
        capabilities: { drop: ["ALL"] },
      });
      expect(container.volume_mount).toEqual([
        { name: "data", mount_path: "/var/lib/mysql" },
        { name: "run", mount_path: "/var/run/mysqld" },
        { name: "tmp", mount_path: "/tmp" },
        { name: "credentials", mount_path: "/run/secrets/mysql", read_only: true },
      ]);
      expect(pod.volume).toEqual([
        { name: "run", empty_dir: { size_limit: "64Mi" } },
        { name: "tmp", empty_dir: { size_limit: "1Gi" } },
        { name: "credentials", secret: { secret_name: expect.stringContaining("kubernetes_secret_v1"), default_mode: "0440" } },
      ]);
    });

    test("the read-only root can be turned off for images that write elsewhere", () => {
      expect(synthDatabase({ readOnlyRootFilesystem: false }).container.security_context.read_only_root_filesystem).toBe(false);
    });
  });

  test("probes ping mysqld over TCP; startup allows 5 minutes for the first initialisation before liveness", () => {
    const { container } = synthDatabase();
    const exec = { command: ["mysqladmin", "ping", "-h", "127.0.0.1"] };
    expect(container.startup_probe).toEqual({ exec, period_seconds: 10, timeout_seconds: 5, failure_threshold: 30 });
    expect(container.readiness_probe).toEqual({ exec, period_seconds: 10, timeout_seconds: 5, failure_threshold: 3 });
    expect(container.liveness_probe).toEqual({ exec, period_seconds: 20, timeout_seconds: 5, failure_threshold: 6 });
    expect(container.startup_probe.period_seconds * container.startup_probe.failure_threshold).toBe(300);
  });

  test("labels: standard ones on every object, extra ones merged, standard ones win", () => {
    const { json } = synthDatabase({ partOf: "wordpress", labels: { team: "a", "app.kubernetes.io/name": "other" } });
    const expected = {
      team: "a",
      "app.kubernetes.io/name": "mysql",
      "app.kubernetes.io/instance": "mysql",
      "app.kubernetes.io/component": "database",
      "app.kubernetes.io/part-of": "wordpress",
      "app.kubernetes.io/managed-by": "cdktf",
    };
    for (const type of ["kubernetes_secret_v1", "kubernetes_service_v1", "kubernetes_stateful_set_v1"]) {
      expect(blocksOf(json, type)[0].metadata.labels).toEqual(expected);
    }
    expect(blocksOf(json, "kubernetes_stateful_set_v1")[0].spec.template.metadata.labels).toEqual(expected);
  });

  test("outputs: host, port, secret name and keys resolve to the created objects", () => {
    // GIVEN a database with every name customised, its outputs exposed as Terraform outputs to resolve them
    const stack = kubernetesTestStack();
    const database = new MysqlDatabase(stack, "db", {
      namespace: "minsu-kim",
      name: "blog-db",
      databaseName: "blog",
      userName: "blogger",
      clusterDomain: "example.internal",
    });
    const outputs = { serviceName: database.serviceName, host: database.host, secretName: database.secretName, statefulSet: database.statefulSet.metadata.name };
    Object.entries(outputs).forEach(([id, value]) => new TerraformOutput(stack, id, { value }));
    // WHEN synthesized
    const { json } = synthStack(stack);
    // THEN the names are references to the Service and the Secret (so users depend on them)
    const service = referenceTo(json, "kubernetes_service_v1", "metadata[0].name");
    const secret = referenceTo(json, "kubernetes_secret_v1", "metadata[0].name");
    const value = (id: string) => json.output![id].value;
    expect(value("serviceName")).toBe(service);
    expect(value("host")).toBe(`${service}.minsu-kim.svc.example.internal`);
    expect(value("secretName")).toBe(secret);
    expect(value("statefulSet")).toBe(referenceTo(json, "kubernetes_stateful_set_v1", "metadata[0].name"));
    expect(blocksOf(json, "kubernetes_service_v1")[0].metadata.name).toBe("blog-db");
    expect(blocksOf(json, "kubernetes_secret_v1")[0].metadata.name).toBe("blog-db-credentials");
    expect(blocksOf(json, "kubernetes_stateful_set_v1")[0].metadata.name).toBe("blog-db");
    expect(database).toMatchObject({
      port: 3306,
      passwordSecretKey: "mysql-password",
      rootPasswordSecretKey: "mysql-root-password",
      databaseName: "blog",
      userName: "blogger",
      namespace: "minsu-kim",
      selectorLabels: { "app.kubernetes.io/name": "mysql", "app.kubernetes.io/instance": "blog-db" },
    });
    expect(database.secret).toBeInstanceOf(SecretV1);
  });

  test("the host uses cluster.local by default", () => {
    const stack = kubernetesTestStack();
    new TerraformOutput(stack, "host", { value: new MysqlDatabase(stack, "db", { namespace: "minsu-kim" }).host });
    const { json } = synthStack(stack);
    expect(json.output!.host.value).toBe(`${referenceTo(json, "kubernetes_service_v1", "metadata[0].name")}.minsu-kim.svc.cluster.local`);
  });

  test("a namespace token (e.g. from a Namespace resource) is accepted unvalidated", () => {
    const stack = kubernetesTestStack();
    const namespace = new NamespaceV1(stack, "ns", { metadata: { name: "minsu-kim" } });
    new MysqlDatabase(stack, "db", { namespace: namespace.metadata.name });
    const { json } = synthStack(stack);
    expect(blocksOf(json, "kubernetes_stateful_set_v1")[0].metadata.namespace).toBe(referenceTo(json, "kubernetes_namespace_v1", "metadata[0].name"));
  });

  describe("validation", () => {
    const prefix = "MysqlDatabase test/db: ";
    test.each([
      ["name", { name: "MySQL" }, 'name must be a DNS label of at most 52 characters (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit), got "MySQL"'],
      ["name", { name: "1mysql" }, 'name must be a DNS label of at most 52 characters (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit), got "1mysql"'],
      ["name", { name: "m".repeat(53) }, `name must be a DNS label of at most 52 characters (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit), got "${"m".repeat(53)}"`],
      ["namespace", { namespace: "Minsu_Kim" }, 'namespace must be a DNS label: 1..63 lowercase letters, digits and "-", starting and ending with a letter or digit, got "Minsu_Kim"'],
      ["namespace", { namespace: "minsu-" }, 'namespace must be a DNS label: 1..63 lowercase letters, digits and "-", starting and ending with a letter or digit, got "minsu-"'],
      ["databaseName", { databaseName: "word-press" }, 'databaseName must be 1..64 letters, digits and "_", starting with a letter or "_", got "word-press"'],
      ["databaseName", { databaseName: "d".repeat(65) }, `databaseName must be 1..64 letters, digits and "_", starting with a letter or "_", got "${"d".repeat(65)}"`],
      ["databaseName", { databaseName: "" }, 'databaseName must be 1..64 letters, digits and "_", starting with a letter or "_", got ""'],
      ["userName", { userName: "u".repeat(33) }, `userName must be 1..32 letters, digits and "_", starting with a letter or "_", and not "root" (root has its own password), got "${"u".repeat(33)}"`],
      ["userName", { userName: "root" }, 'userName must be 1..32 letters, digits and "_", starting with a letter or "_", and not "root" (root has its own password), got "root"'],
      ["userName", { userName: "wp user" }, 'userName must be 1..32 letters, digits and "_", starting with a letter or "_", and not "root" (root has its own password), got "wp user"'],
      ["image", { image: "" }, 'image must be an image reference without spaces, got ""'],
      ["storageSize", { storageSize: "10G" }, 'storageSize must be a whole number of Mi, Gi or Ti (e.g. "10Gi"), got "10G"'],
      ["storageSize", { storageSize: "0Gi" }, 'storageSize must be a whole number of Mi, Gi or Ti (e.g. "10Gi"), got "0Gi"'],
      ["storageSize", { storageSize: "1.5Gi" }, 'storageSize must be a whole number of Mi, Gi or Ti (e.g. "10Gi"), got "1.5Gi"'],
      ["storageClassName", { storageClassName: "GP3" }, 'storageClassName must be a DNS subdomain (lowercase letters, digits, "-" and "."), got "GP3"'],
      ["volumeRetention", { volumeRetention: "Keep" as any }, 'volumeRetention must be "Delete" or "Retain", got "Keep"'],
      ["partOf", { partOf: "word press" }, 'partOf must be a label value: 1..63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit, got "word press"'],
      ["resources", { resources: { limits: { memory: "1GB" } } }, 'resources.limits.memory must be a byte quantity like "4Gi", "512Mi" or "1G", got "1GB"'],
      ["resources", { resources: { requests: { cpu: "2" } } }, 'resources.requests.cpu ("2") must not exceed resources.limits.cpu ("1")'],
    ])("a bad %s is rejected: %j", (_field, props, message) => {
      expect(() => synthDatabase(props)).toThrow(prefix + message);
    });

    test.each([
      { name: "m".repeat(52) },
      { namespace: "n".repeat(63) },
      { databaseName: "_wp_2026" },
      { userName: "u".repeat(32) },
      { storageSize: "512Mi" },
      { storageSize: "1Ti" },
      { storageClassName: "ebs.gp3-encrypted" },
    ])("%j is accepted", (props) => {
      expect(() => synthDatabase(props)).not.toThrow();
    });
  });
});
