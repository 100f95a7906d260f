import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { StatefulSetV1 } from "@cdktf/provider-kubernetes/lib/stateful-set-v1";
import { Password } from "@cdktf/provider-random/lib/password";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { checkDnsLabel, checkLabelValue, isDns1035Label, isDnsSubdomain } from "../core/kubernetes-names";
import { propsError, requireProps } from "../core/validation";
import { resolveResources, type ContainerResources } from "./container-resources";
import { CLUSTER_DOMAIN, clusterServiceHost } from "./web-service-exposure";
import { workloadLabels } from "./workload-labels";

/**
 * What happens to the data volume (the PersistentVolumeClaim `data-<name>-0`) when the StatefulSet
 * is deleted, e.g. when the lab is switched off.
 * - `Delete`: the claim and its EBS volume go with it (nothing keeps costing money).
 * - `Retain`: the claim stays and is reattached if the database comes back under the same name.
 */
export type MysqlVolumeRetention = "Delete" | "Retain";

export interface MysqlDatabaseProps {
  /** The namespace to run in (usually the student's). */
  readonly namespace: string;
  /**
   * Names the headless Service and the StatefulSet (`<name>-0` is the pod) and prefixes the Secret
   * (`<name>-credentials`). A DNS label starting with a letter (a Service name), of at most 52
   * characters: the StatefulSet controller adds an 11-character revision suffix to a 63-character label.
   * @default MysqlDatabase.DEFAULT_NAME ("mysql")
   */
  readonly name?: string;
  /**
   * The database created on first start (`MYSQL_DATABASE`): letters, digits and `_`, starting with a
   * letter or `_`, at most 64 characters.
   * @default MysqlDatabase.DEFAULT_DATABASE_NAME ("wordpress")
   */
  readonly databaseName?: string;
  /**
   * The application user created on first start with all privileges on {@link databaseName} only
   * (`MYSQL_USER`): letters, digits and `_`, starting with a letter or `_`, at most 32 characters, not `root`.
   * @default MysqlDatabase.DEFAULT_USER_NAME ("wordpress")
   */
  readonly userName?: string;
  /**
   * The container image, the official MySQL image or one built on it (the entrypoint, uid 999 and
   * `mysqladmin` are relied on).
   * @default MysqlDatabase.DEFAULT_IMAGE ("public.ecr.aws/docker/library/mysql:8.4.11"): a patch release of the 8.4 LTS
   * series of the Docker official image through Amazon ECR Public's mirror, which has no Docker Hub
   * pull rate limit
   */
  readonly image?: string;
  /**
   * The size of the data volume, a whole number of `Mi`, `Gi` or `Ti`. It counts against the
   * namespace's `requests.storage` quota. Claim templates are immutable: changing this later does
   * not grow an existing volume (expand its PersistentVolumeClaim instead, with a StorageClass that
   * allows expansion).
   * @default MysqlDatabase.DEFAULT_STORAGE_SIZE ("10Gi")
   */
  readonly storageSize?: string;
  /**
   * The StorageClass of the data volume. Changing it replaces the StatefulSet (and, with `Delete`
   * retention, the data).
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Each quantity given replaces its default. The 1Gi memory limit leaves room for InnoDB's default
   * 128M buffer pool plus connections.
   * @default MysqlDatabase.DEFAULT_RESOURCES (requests cpu 250m / memory 512Mi, limits cpu 1 / memory 1Gi)
   */
  readonly resources?: ContainerResources;
  /**
   * What happens to the data volume when the StatefulSet is deleted. `Delete` because the passwords
   * are generated with the database: a retained volume would come back with the old passwords while
   * a re-created construct generates new ones, and a forgotten volume keeps costing money.
   * @default MysqlDatabase.DEFAULT_VOLUME_RETENTION ("Delete")
   */
  readonly volumeRetention?: MysqlVolumeRetention;
  /**
   * Mount the container's root filesystem read-only; MySQL then writes only to the data volume and
   * to emptyDir volumes at `/var/run/mysqld` (socket, pid) and `/tmp` (temporary files). Turn it off
   * for a derived image that writes elsewhere.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Extra labels on every object but the data volume's claim template (whose labels must not change,
   * see there); the standard `app.kubernetes.io/*` labels win on conflict.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** The `app.kubernetes.io/part-of` label, e.g. `wordpress`. @default - no part-of label */
  readonly partOf?: string;
  /** The cluster's DNS domain, for {@link MysqlDatabase.host}. @default MysqlDatabase.DEFAULT_CLUSTER_DOMAIN ("cluster.local") */
  readonly clusterDomain?: string;
}

/**
 * A single MySQL server for a lab: a StatefulSet of one pod with its own PersistentVolumeClaim, a
 * headless Service, and a Secret holding generated root and user passwords.
 *
 * The passwords come from the random provider and reach MySQL only through the Secret, mounted as
 * files (`MYSQL_*_PASSWORD_FILE`), never as literals in code, the cohort file or the synthesized
 * JSON, nor in the container's environment. They are in
 * the Terraform state, which is inherent to generating them in Terraform: keep the state private
 * and encrypted (the state bucket is). MySQL reads them on first start only; replacing a password
 * later changes the Secret but not the database (`ALTER USER` is then needed).
 *
 * Root may log in only from inside the pod (`MYSQL_ROOT_HOST=localhost`, e.g.
 * `kubectl exec -it <name>-0 -- mysql -uroot -p`); applications use {@link userName} over
 * {@link host}:{@link port}.
 */
export class MysqlDatabase extends Construct {
  public static readonly DEFAULT_NAME = "mysql";
  public static readonly DEFAULT_DATABASE_NAME = "wordpress";
  public static readonly DEFAULT_USER_NAME = "wordpress";
  public static readonly DEFAULT_IMAGE = "public.ecr.aws/docker/library/mysql:8.4.11";
  /** Where the passwords are mounted as files for `MYSQL_ROOT_PASSWORD_FILE` and `MYSQL_PASSWORD_FILE`. */
  public static readonly SECRETS_DIRECTORY = "/run/secrets/mysql";
  public static readonly DEFAULT_STORAGE_SIZE = "10Gi";
  public static readonly DEFAULT_RESOURCES = {
    requests: { cpu: "250m", memory: "512Mi" },
    limits: { cpu: "1", memory: "1Gi" },
  } as const;
  public static readonly DEFAULT_VOLUME_RETENTION: MysqlVolumeRetention = "Delete";
  public static readonly DEFAULT_CLUSTER_DOMAIN = CLUSTER_DOMAIN;
  public static readonly PORT = 3306;
  public static readonly PASSWORD_LENGTH = 24;
  /**
   * The only special characters in generated passwords: URL-unreserved and inert in shells, SQL
   * string literals, MySQL option files and connection strings, so nothing needs escaping.
   */
  public static readonly PASSWORD_SPECIAL_CHARACTERS = "-_.";
  public static readonly ROOT_PASSWORD_KEY = "mysql-root-password";
  public static readonly PASSWORD_KEY = "mysql-password";
  /** The `mysql` user and group of the official image. */
  public static readonly MYSQL_UID = 999;
  /** The data volume's mount path. */
  public static readonly VOLUME_PATH = "/var/lib/mysql";
  /**
   * MySQL's data directory, a subdirectory of the volume: a fresh ext4 volume holds `lost+found`,
   * and `mysqld --initialize` refuses a data directory that is not empty.
   */
  public static readonly DATA_DIRECTORY = "/var/lib/mysql/data";
  public static readonly COMPONENT_LABEL = "app.kubernetes.io/component";
  /** The longest name whose pods still get a valid `controller-revision-hash` label. */
  public static readonly MAX_NAME_LENGTH = 52;

  public readonly service: ServiceV1;
  public readonly secret: SecretV1;
  public readonly statefulSet: StatefulSetV1;
  /** The headless Service's name (a reference, so that users depend on the Service). */
  public readonly serviceName: string;
  /** `<service>.<namespace>.svc.<cluster domain>`: resolves to the ready MySQL pod. */
  public readonly host: string;
  public readonly port: number = MysqlDatabase.PORT;
  /** The Secret's name (a reference, so that pods reading it are created after it). */
  public readonly secretName: string;
  /** The Secret key holding {@link userName}'s password. */
  public readonly passwordSecretKey: string = MysqlDatabase.PASSWORD_KEY;
  /** The Secret key holding root's password. */
  public readonly rootPasswordSecretKey: string = MysqlDatabase.ROOT_PASSWORD_KEY;
  public readonly databaseName: string;
  public readonly userName: string;
  public readonly namespace: string;
  /** The labels that select the MySQL pod (`app.kubernetes.io/name` and `instance`). */
  public readonly selectorLabels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: MysqlDatabaseProps) {
    super(scope, id);
    requireProps(this, props, ["namespace"]);
    const name = props.name ?? MysqlDatabase.DEFAULT_NAME;
    const databaseName = props.databaseName ?? MysqlDatabase.DEFAULT_DATABASE_NAME;
    const userName = props.userName ?? MysqlDatabase.DEFAULT_USER_NAME;
    const image = props.image ?? MysqlDatabase.DEFAULT_IMAGE;
    const storageSize = props.storageSize ?? MysqlDatabase.DEFAULT_STORAGE_SIZE;
    const retention = props.volumeRetention ?? MysqlDatabase.DEFAULT_VOLUME_RETENTION;
    const clusterDomain = props.clusterDomain ?? MysqlDatabase.DEFAULT_CLUSTER_DOMAIN;
    const readOnlyRoot = props.readOnlyRootFilesystem ?? true;
    this.checkProps(props, { name, databaseName, userName, image, storageSize, retention });
    const resources = resolveResources(this, props.resources, MysqlDatabase.DEFAULT_RESOURCES);

    const standard = workloadLabels({ appName: "mysql", instance: name, partOf: props.partOf });
    this.selectorLabels = standard.selector;
    const component = { [MysqlDatabase.COMPONENT_LABEL]: "database" };
    const labels: Record<string, string> = { ...props.labels, ...standard.labels, ...component };
    const metadata = (objectName: string) => ({ name: objectName, namespace: props.namespace, labels });

    const password = (passwordId: string) =>
      new Password(this, passwordId, {
        length: MysqlDatabase.PASSWORD_LENGTH,
        special: true,
        overrideSpecial: MysqlDatabase.PASSWORD_SPECIAL_CHARACTERS,
      });
    const rootPassword = password("root-password");
    const userPassword = password("user-password");
    this.secret = new SecretV1(this, "credentials", {
      metadata: metadata(`${name}-credentials`),
      type: "Opaque",
      data: { [MysqlDatabase.ROOT_PASSWORD_KEY]: rootPassword.result, [MysqlDatabase.PASSWORD_KEY]: userPassword.result },
    });

    this.service = new ServiceV1(this, "service", {
      metadata: metadata(name),
      spec: {
        // Headless: the StatefulSet's governing Service; DNS answers with the ready pod's address.
        clusterIp: "None",
        selector: this.selectorLabels,
        port: [{ name: "mysql", port: MysqlDatabase.PORT, targetPort: "mysql", protocol: "TCP" }],
      },
    });

    // The entrypoint reads the passwords from files (`*_FILE`), so they are never in the environment.
    const secretFile = (envName: string, key: string) => ({ name: envName, value: `${MysqlDatabase.SECRETS_DIRECTORY}/${key}` });
    // `mysqladmin ping` over TCP exits 0 whenever mysqld answers, even with "Access denied", so the
    // probe needs no password. TCP (not the socket) also keeps the pod unready while the entrypoint's
    // temporary init server runs with --skip-networking. An exec probe proves the server speaks the
    // protocol, which a bare TCP connect does not.
    const ping = { command: ["mysqladmin", "ping", "-h", "127.0.0.1"] };

    this.statefulSet = new StatefulSetV1(this, "stateful-set", {
      metadata: metadata(name),
      // The provider waits 10 minutes for the pod by default; a timeout taints the StatefulSet, the
      // next apply replaces it, and the `Delete` retention then drops the data volume with it.
      waitForRollout: false,
      spec: {
        serviceName: this.service.metadata.name,
        replicas: "1",
        selector: { matchLabels: this.selectorLabels },
        persistentVolumeClaimRetentionPolicy: [{ whenDeleted: retention, whenScaled: "Retain" }],
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            // InnoDB flushes and closes cleanly on SIGTERM; give it time before SIGKILL.
            terminationGracePeriodSeconds: 60,
            securityContext: {
              runAsUser: `${MysqlDatabase.MYSQL_UID}`,
              runAsGroup: `${MysqlDatabase.MYSQL_UID}`,
              runAsNonRoot: true,
              // Makes the fresh volume writable by the mysql group; OnRootMismatch skips the
              // recursive walk on restarts once ownership is right.
              fsGroup: `${MysqlDatabase.MYSQL_UID}`,
              fsGroupChangePolicy: "OnRootMismatch",
              seccompProfile: { type: "RuntimeDefault" },
            },
            container: [
              {
                name: "mysql",
                image,
                imagePullPolicy: "IfNotPresent",
                args: [`--datadir=${MysqlDatabase.DATA_DIRECTORY}`],
                port: [{ name: "mysql", containerPort: MysqlDatabase.PORT, protocol: "TCP" }],
                env: [
                  secretFile("MYSQL_ROOT_PASSWORD_FILE", MysqlDatabase.ROOT_PASSWORD_KEY),
                  { name: "MYSQL_ROOT_HOST", value: "localhost" },
                  { name: "MYSQL_DATABASE", value: databaseName },
                  { name: "MYSQL_USER", value: userName },
                  secretFile("MYSQL_PASSWORD_FILE", MysqlDatabase.PASSWORD_KEY),
                ],
                resources,
                securityContext: {
                  runAsNonRoot: true,
                  allowPrivilegeEscalation: false,
                  privileged: false,
                  readOnlyRootFilesystem: readOnlyRoot,
                  capabilities: { drop: ["ALL"] },
                },
                // The first start initialises the data directory and loads time zones (a minute or
                // more at 250m CPU): allow up to 5 minutes before liveness takes over.
                startupProbe: { exec: ping, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 30 },
                readinessProbe: { exec: ping, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
                // Restarting a database is costly: only after two minutes without an answer.
                livenessProbe: { exec: ping, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
                volumeMount: [
                  { name: "data", mountPath: MysqlDatabase.VOLUME_PATH },
                  { name: "run", mountPath: "/var/run/mysqld" },
                  { name: "tmp", mountPath: "/tmp" },
                  { name: "credentials", mountPath: MysqlDatabase.SECRETS_DIRECTORY, readOnly: true },
                ],
              },
            ],
            volume: [
              { name: "run", emptyDir: { sizeLimit: "64Mi" } },
              { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
              // Group-readable: the pod's fsGroup is the mysql group.
              { name: "credentials", secret: { secretName: this.secret.metadata.name, defaultMode: "0440" } },
            ],
          },
        },
        volumeClaimTemplate: [
          {
            // Only labels fixed by `name`: the provider replaces the StatefulSet when its claim
            // template changes, and with `Delete` retention that would take the data with it.
            metadata: { name: "data", labels: { ...this.selectorLabels, ...component } },
            spec: {
              accessModes: ["ReadWriteOnce"],
              storageClassName: props.storageClassName,
              resources: { requests: { storage: storageSize } },
            },
          },
        ],
      },
    });

    this.serviceName = this.service.metadata.name;
    this.host = clusterServiceHost(this.serviceName, props.namespace, clusterDomain);
    this.secretName = this.secret.metadata.name;
    this.databaseName = databaseName;
    this.userName = userName;
    this.namespace = props.namespace;
  }

  private checkProps(
    props: MysqlDatabaseProps,
    resolved: { name: string; databaseName: string; userName: string; image: string; storageSize: string; retention: string },
  ): void {
    const check = (value: string | undefined, valid: (value: string) => boolean, message: string) => {
      if (value !== undefined && !Token.isUnresolved(value) && !valid(value)) throw propsError(this, `${message}, got "${value}"`);
    };
    check(
      resolved.name,
      (value) => isDns1035Label(value, MysqlDatabase.MAX_NAME_LENGTH),
      `name must be a DNS label of at most ${MysqlDatabase.MAX_NAME_LENGTH} characters (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit)`,
    );
    checkDnsLabel(this, "namespace", props.namespace);
    if (props.partOf !== undefined) checkLabelValue(this, "partOf", props.partOf);
    check(
      resolved.databaseName,
      (value) => /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(value),
      `databaseName must be 1..64 letters, digits and "_", starting with a letter or "_"`,
    );
    check(
      resolved.userName,
      (value) => /^[A-Za-z_][A-Za-z0-9_]{0,31}$/.test(value) && value.toLowerCase() !== "root",
      `userName must be 1..32 letters, digits and "_", starting with a letter or "_", and not "root" (root has its own password)`,
    );
    check(resolved.image, (value) => value.length > 0 && !/\s/.test(value), `image must be an image reference without spaces`);
    check(
      resolved.storageSize,
      (value) => /^[1-9][0-9]*(Mi|Gi|Ti)$/.test(value),
      `storageSize must be a whole number of Mi, Gi or Ti (e.g. "10Gi")`,
    );
    check(
      props.storageClassName,
      isDnsSubdomain,
      `storageClassName must be a DNS subdomain (lowercase letters, digits, "-" and ".")`,
    );
    check(resolved.retention, (value) => value === "Delete" || value === "Retain", `volumeRetention must be "Delete" or "Retain"`);
  }
}
