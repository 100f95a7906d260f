import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import { ClusterViewerRole, type ClusterViewerRoleProps } from "../constructs/cohort/cluster-viewer-role";
import { blocksOf, kubernetesTestStack, synthStack } from "./helpers";

const GROUPS = ["devops-2026:students", "devops-2026:mentors"];

function synthViewer(props: Partial<ClusterViewerRoleProps> = {}) {
  const stack = kubernetesTestStack();
  const viewer = new ClusterViewerRole(stack, "viewer", { groups: GROUPS, ...props });
  return { viewer, ...synthStack(stack) };
}

describe("ClusterViewerRole", () => {
  test("reads nodes, namespaces, storage classes and ingress classes, and nothing else", () => {
    const { json, text } = synthViewer();
    expect(blocksOf(json, "kubernetes_cluster_role_v1")).toEqual([
      {
        metadata: { name: "cohort-cluster-viewer" },
        rule: [
          { api_groups: [""], resources: ["nodes", "namespaces"], verbs: ["get", "list", "watch"] },
          { api_groups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: ["get", "list", "watch"] },
          { api_groups: ["networking.k8s.io"], resources: ["ingressclasses"], verbs: ["get", "list", "watch"] },
        ],
      },
    ]);
    expect(text).toHaveResourceWithProperties(ClusterRoleV1, { metadata: { name: ClusterViewerRole.DEFAULT_NAME } });
  });

  test("every verb is get, list or watch, and no rule uses * or touches RBAC", () => {
    const rules = blocksOf(synthViewer().json, "kubernetes_cluster_role_v1").flatMap((role) => role.rule);
    for (const rule of rules) {
      rule.verbs.forEach((verb: string) => expect(["get", "list", "watch"]).toContain(verb));
      expect([...rule.api_groups, ...rule.resources].some((value: string) => value.includes("*"))).toBe(false);
      expect(rule.api_groups).not.toContain("rbac.authorization.k8s.io");
      expect(rule.non_resource_urls).toBeUndefined();
    }
  });

  test("binds the role to exactly the given groups", () => {
    const { json } = synthViewer();
    expect(blocksOf(json, "kubernetes_cluster_role_binding_v1")).toEqual([
      {
        metadata: { name: "cohort-cluster-viewer" },
        role_ref: { api_group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: expect.stringMatching(/^\$\{kubernetes_cluster_role_v1\.viewer_role_\w+\.metadata\[0\]\.name\}$/) },
        subject: GROUPS.map((name) => ({ api_group: "rbac.authorization.k8s.io", kind: "Group", name })),
      },
    ]);
  });

  test("a custom name names both the role and the binding", () => {
    const { json } = synthViewer({ name: "workshop.viewer" });
    expect(blocksOf(json, "kubernetes_cluster_role_v1")[0].metadata.name).toBe("workshop.viewer");
    expect(blocksOf(json, "kubernetes_cluster_role_binding_v1")[0].metadata.name).toBe("workshop.viewer");
  });

  test.each([
    [{ groups: [] }, "groups must list at least one Kubernetes group, got []"],
    [{ groups: ["system:authenticated"] }, 'groups must be group names that are not empty and not a built-in "system:" group, got "system:authenticated"'],
    [{ groups: [""] }, 'groups must be group names that are not empty and not a built-in "system:" group, got ""'],
    [{ groups: ["students", "students"] }, 'groups must not list a group twice, got "students" twice'],
    [{ name: "Cohort Viewer" }, 'name must be a Kubernetes object name: up to 253 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, got "Cohort Viewer"'],
    [{ name: "viewer-" }, 'name must be a Kubernetes object name: up to 253 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, got "viewer-"'],
  ])("%j is rejected", (props, message) => {
    expect(() => synthViewer(props)).toThrow(`ClusterViewerRole test/viewer: ${message}`);
  });
});
