import { App, Lazy, TerraformStack, Testing } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { parseCohortYaml } from "../config/load-cohort";
import { CohortStack } from "../stacks/cohort-stack";
import { undeclaredReferences } from "../stacks/stack-references";
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
