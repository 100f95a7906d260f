import { App, Lazy, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Construct } from "constructs";
import { parseCohortYaml } from "../config/load-cohort";
import { CohortStack } from "../stacks/cohort-stack";
import { resolveStackOnce, SINGLE_RESOLUTION_CDKTF_VERSION, singleResolutionApplies } from "../stacks/single-resolution";
import { undeclaredReferences } from "../stacks/stack-references";
import { buildCohort, cohortWith } from "./helpers";
import { recordTokenStackTraces, TOKEN_STACK_TRACES_ENV } from "../stacks/token-stack-traces";

const cohort = parseCohortYaml("name: perf-test\nregion: ap-northeast-2\nthroughWeek: 1\n", "cohort.yaml");

describe("token creation stacks (stacks/token-stack-traces.ts)", () => {
  afterEach(() => recordTokenStackTraces(false));

  const failingSynth = () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new IamRole(stack, "role", { name: Lazy.stringValue({ produce: () => { throw new Error("boom"); } }), assumeRolePolicy: "{}" });
    return () => Testing.synth(stack);
  };

  test("off (the cohort commands' default): a resolution error says how to see where the token was made", () => {
    recordTokenStackTraces(false);
    expect(failingSynth()).toThrow(`Resolution error: boom.\nObject creation stack:\n  at (where this token was created is not recorded: run again with ${TOKEN_STACK_TRACES_ENV}=1 to see it)`);
  });

  test("on: the error shows the stack where the token was created", () => {
    recordTokenStackTraces(true);
    expect(failingSynth()).toThrow(/Object creation stack:[\s\S]*synthesis-performance\.test\.ts/);
  });
});

describe("CohortStack skips cdktf's preparing pass; undeclaredReferences catches what that would hide", () => {
  test("a token of another stack fails the synth, naming the stack and the reference", () => {
    const app = new App({ outdir: Testing.app().outdir });
    const first = new CohortStack(app, cohort, "first");
    const second = new CohortStack(app, cohort, "second");
    const role = new IamRole(first, "role", { name: "r", assumeRolePolicy: "{}" });
    new IamRole(second, "copy", { name: "c", assumeRolePolicy: "{}", description: role.arn });
    expect(() => Testing.synth(second)).toThrow("Stack perf-test-second references aws_iam_role.role, which it does not declare: a token of another stack was used");
    expect(first.synthesizedCounts).toBeUndefined();
    Testing.synth(first);
    expect(first.synthesizedCounts).toEqual({ resources: 1, dataSources: 0 });
  });

  test("references a stack declares, and names that only look like references, are not reported", () => {
    const json = {
      provider: { aws: [{}] },
      resource: { aws_iam_role: { a: { name: "x" } } },
      data: { aws_caller_identity: { me: {} } },
      output: {
        fine: { value: "${aws_iam_role.a.arn}:${data.aws_caller_identity.me.account_id}:${var.x}:${each.value}" },
        literal: { value: "kubernetes_secret.x is not a reference without an interpolation" },
        otherProvider: { value: "${random_password.p.result}" },
      },
    };
    expect(undeclaredReferences(json)).toEqual([]);
    expect(undeclaredReferences({ ...json, output: { bad: { value: "${data.aws_iam_policy_document.gone.json}" } } })).toEqual(["data.aws_iam_policy_document.gone"]);
    // Only what is inside ${...} counts, outside its string literals; $${ is an escaped literal.
    const outputs = {
      mapKey: { value: '${jsonencode({"aws_region.name" = 1})}' },
      script: { value: "aws s3 cp s3://${aws_iam_role.a.name}/x /opt/aws_cli.sh" },
      prose: { value: "${aws_iam_role.a.arn} see docs/kubernetes_manifest.md" },
      escaped: { value: "$${aws_iam_role.x.arn}" },
    };
    expect(undeclaredReferences({ ...json, provider: { aws: [{}], kubernetes: [{}] }, output: outputs })).toEqual([]);
    expect(undeclaredReferences({ ...json, output: { nested: { value: '${yamlencode({"vpc" = data.aws_vpc.gone.id})}' } } })).toEqual(["data.aws_vpc.gone"]);
  });
});

describe("resolveStackOnce (stacks/single-resolution.ts) writes exactly what cdktf's toTerraform writes", () => {
  const cdktfOwn = (stack: TerraformStack) => TerraformStack.prototype.toTerraform.call(stack);

  test(`the installed cdktf is ${SINGLE_RESOLUTION_CDKTF_VERSION}, so cohort stacks resolve once`, () => {
    expect(require("cdktf/package.json").version).toBe(SINGLE_RESOLUTION_CDKTF_VERSION);
    expect(singleResolutionApplies).toBe(true);
  });

  test("every stack of the example cohort at week 10, metadata and outputs included", () => {
    const { all } = buildCohort(cohortWith((data) => (data.throughWeek = 10)));
    expect(all.map((stack) => stack.node.id)).toContain("devops-2026-platform");
    for (const stack of all) {
      const json = resolveStackOnce(stack);
      expect(JSON.stringify(json)).toBe(JSON.stringify(cdktfOwn(stack)));
      expect(json).toEqual(cdktfOwn(stack));
    }
  });

  test("tokens in the stack's own overrides and in outputs of nested constructs are resolved", () => {
    const stack = new CohortStack(new App({ outdir: Testing.app().outdir }), cohort, "overrides");
    const role = new IamRole(stack, "role", { name: "r", assumeRolePolicy: "{}" });
    new TerraformOutput(new Construct(stack, "nested"), "arn", { value: role.arn });
    stack.addOverride("locals.role_name", Lazy.stringValue({ produce: () => role.name }));
    const json = resolveStackOnce(stack) as any;
    expect(json.locals.role_name).toBe("${aws_iam_role.role.name}");
    expect(json["//"].outputs).toEqual({ "perf-test-overrides": { nested: { arn: expect.stringMatching(/^nested_arn_[0-9A-F]{8}$/) } } });
    expect(json).toEqual(cdktfOwn(stack));
  });

  test("stack overrides that are not plain values take cdktf's second walk: undefined deletes, a resolvable replaces", () => {
    const stack = new CohortStack(new App({ outdir: Testing.app().outdir }), cohort, "override-kinds");
    new IamRole(stack, "role", { name: "r", assumeRolePolicy: "{}", tags: { a: "b" }, description: "d" });
    stack.addOverride("resource.aws_iam_role.role.tags", Lazy.anyValue({ produce: () => ({ c: "d" }) }));
    stack.addOverride("resource.aws_iam_role.role.description", undefined);
    const json = resolveStackOnce(stack) as any;
    expect(json.resource.aws_iam_role.role.tags).toEqual({ c: "d" });
    expect(json.resource.aws_iam_role.role).not.toHaveProperty("description");
    expect(JSON.stringify(json)).toBe(JSON.stringify(cdktfOwn(stack)));
  });

  test("an error names the same place in the JSON as cdktf's, and a token in a construct id reaches the outputs map resolved", () => {
    const stack = new CohortStack(new App({ outdir: Testing.app().outdir }), cohort, "errors");
    new TerraformOutput(stack, "o", { value: { nested: { fn: () => 1 } } });
    expect(() => resolveStackOnce(stack)).toThrow("/output/o/value/nested/fn");
    expect(() => cdktfOwn(stack)).toThrow("/output/o/value/nested/fn");
    const named = new CohortStack(new App({ outdir: Testing.app().outdir }), cohort, "token-id");
    new TerraformOutput(new Construct(named, Lazy.stringValue({ produce: () => "group" })), "o", { value: "x" });
    expect((resolveStackOnce(named) as any)["//"].outputs).toEqual(cdktfOwn(named)["//"].outputs);
    expect(Object.keys((resolveStackOnce(named) as any)["//"].outputs["perf-test-token-id"])).toEqual(["group"]);
  });
});
