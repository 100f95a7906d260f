import { Token } from "cdktf";

/** When the kubelet pulls an image. */
export type ImagePullPolicy = "Always" | "IfNotPresent" | "Never";

/** A digest suffix, `@<algorithm>:<hex>` (`@sha256:...`), which pins the image content. */
const DIGEST = /@[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/;

/** The parts of an image reference these constructs care about. */
export interface ImageReferenceParts {
  /** The tag, e.g. `1.27` in `nginx:1.27`. @default - undefined: no tag (Kubernetes pulls `latest`) */
  readonly tag?: string;
  /** The digest, e.g. `sha256:...`. @default - undefined */
  readonly digest?: string;
}

/**
 * Splits an image reference into tag and digest. A `:` only marks a tag in the last path segment,
 * so `registry:5000/app` has no tag. For a reference built from tokens
 * (`${repositoryUrl}:1.0`) only the literal text after the last token is examined.
 */
export function imageReferenceParts(image: string): ImageReferenceParts {
  const literal = Token.isUnresolved(image) ? image.slice(image.lastIndexOf("}") + 1) : image;
  const digestMatch = DIGEST.exec(literal);
  const withoutDigest = digestMatch ? literal.slice(0, digestMatch.index) : literal;
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf("/") + 1);
  const colon = lastSegment.lastIndexOf(":");
  return {
    tag: colon >= 0 && colon < lastSegment.length - 1 ? lastSegment.slice(colon + 1) : undefined,
    digest: digestMatch ? digestMatch[0].slice(1) : undefined,
  };
}

/**
 * `IfNotPresent` for an immutable reference (a digest, or a tag other than `latest`), `Always`
 * for a mutable one (`latest` or no tag, which Kubernetes reads as `latest`): a node that cached
 * `latest` yesterday must not run yesterday's image. A reference that is entirely a token is
 * treated as mutable.
 */
export function imagePullPolicyFor(image: string): Exclude<ImagePullPolicy, "Never"> {
  const { tag, digest } = imageReferenceParts(image);
  if (digest !== undefined) return "IfNotPresent";
  return tag === undefined || tag === "latest" ? "Always" : "IfNotPresent";
}
