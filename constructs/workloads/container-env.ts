import type { DeploymentV1SpecTemplateSpecContainerEnv, DeploymentV1SpecTemplateSpecContainerEnvFrom } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { Token } from "cdktf";
import type { Construct } from "constructs";
import { isDnsSubdomain } from "../core/kubernetes-names";
import { propsError } from "../core/validation";

/** One environment variable read from a key of a Secret. */
export interface SecretEnvVar {
  /** The variable name, e.g. `WORDPRESS_DB_PASSWORD`. */
  readonly name: string;
  /** The Secret in the same namespace. */
  readonly secretName: string;
  /** The key in the Secret's data. */
  readonly key: string;
}

/** A container's environment, as `WebServiceProps` takes it. */
export interface ContainerEnvOptions {
  /** Plain variables, name to value. @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /** Variables read from keys of Secrets. @default - none */
  readonly secretEnv?: readonly SecretEnvVar[];
  /** ConfigMaps whose every key becomes a variable. @default - none */
  readonly envFromConfigMaps?: readonly string[];
  /** Secrets whose every key becomes a variable. @default - none */
  readonly envFromSecrets?: readonly string[];
}

export interface ResolvedContainerEnv {
  readonly env?: DeploymentV1SpecTemplateSpecContainerEnv[];
  readonly envFrom?: DeploymentV1SpecTemplateSpecContainerEnvFrom[];
}

/** The classic environment variable name rule (letters, digits, `_`, `-`, `.`, not starting with a digit). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** Plain variables first (in the order given), then Secret references; ConfigMaps then Secrets as `envFrom`. */
export function resolveContainerEnv(construct: Construct, options: ContainerEnvOptions): ResolvedContainerEnv {
  const seen = new Set<string>();
  const plain = Object.entries(options.env ?? {}).map(([name, value]) => {
    checkEnvName(construct, "env", name);
    seen.add(name);
    return { name, value };
  });
  const fromSecrets = (options.secretEnv ?? []).map((variable, index) => {
    const field = `secretEnv[${index}]`;
    checkEnvName(construct, `${field}.name`, variable.name);
    if (seen.has(variable.name)) {
      throw propsError(construct, `${field}.name "${variable.name}" is set more than once (env and secretEnv share one set of names)`);
    }
    seen.add(variable.name);
    checkObjectName(construct, `${field}.secretName`, "a Secret", variable.secretName);
    if (!Token.isUnresolved(variable.key) && !SECRET_KEY.test(variable.key)) {
      throw propsError(construct, `${field}.key must be letters, digits, "-", "_" and ".", got "${variable.key}"`);
    }
    return { name: variable.name, valueFrom: { secretKeyRef: { name: variable.secretName, key: variable.key } } };
  });
  const envFrom = [
    ...(options.envFromConfigMaps ?? []).map((name, index) => {
      checkObjectName(construct, `envFromConfigMaps[${index}]`, "a ConfigMap", name);
      return { configMapRef: { name } };
    }),
    ...(options.envFromSecrets ?? []).map((name, index) => {
      checkObjectName(construct, `envFromSecrets[${index}]`, "a Secret", name);
      return { secretRef: { name } };
    }),
  ];
  const env = [...plain, ...fromSecrets];
  return { env: env.length > 0 ? env : undefined, envFrom: envFrom.length > 0 ? envFrom : undefined };
}

function checkEnvName(construct: Construct, field: string, name: string): void {
  if (Token.isUnresolved(name) || ENV_NAME.test(name)) return;
  throw propsError(construct, `${field} names must be letters, digits, "_", "-" and ".", not starting with a digit, got "${name}"`);
}

function checkObjectName(construct: Construct, field: string, kind: string, name: string): void {
  if (Token.isUnresolved(name) || isDnsSubdomain(name)) return;
  throw propsError(construct, `${field} must be the name of ${kind} (a lowercase DNS name), got "${name}"`);
}
