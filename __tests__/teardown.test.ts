import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runTeardown, teardownSteps } from "../stacks/teardown";
import { buildCohort, cohortWith } from "./helpers";

// cdktf's own stack selection and dependency checks, as `cdktf destroy` runs them (no AWS needed).
process.env.CHECKPOINT_DISABLE = "1";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdktf = require("@cdktf/cli-core/src/lib/helpers/stack-helpers") as {
  getMultipleStacks(stacks: { name: string; dependencies: string[] }[], patterns: string[], action: string): { name: string; dependencies: string[] }[];
  checkIfAllDependantsAreIncluded(toRun: { name: string }[], all: { name: string; dependencies: string[] }[]): void;
};

const cohortStacks = (change: (data: Record<string, any>) => void) => {
  const { all } = buildCohort(cohortWith(change));
  return all.map((stack) => ({ stackId: stack.node.id, dependsOn: stack.dependencies.map((dependency) => dependency.node.id) }));
};

describe("teardown", () => {
  const stacks = cohortStacks((data) => Object.assign(data, { throughWeek: 6, workloads: { ...data.workloads, shards: 2 } }));
  const steps = teardownSteps(stacks);
  const manifest = stacks.map((stack) => ({ name: stack.stackId, dependencies: [...stack.dependsOn] }));

  test("students first, then cluster services, platform, labs and network; the state bucket is left", () => {
    expect(steps.map((step) => step.command)).toEqual([
      "npx cdktf destroy 'devops-2026-students-*'",
      "npx cdktf destroy devops-2026-cluster-services --ignore-missing-stack-dependencies",
      "npx cdktf destroy devops-2026-platform --ignore-missing-stack-dependencies",
      "npx cdktf destroy devops-2026-labs",
      "npx cdktf destroy devops-2026-network --ignore-missing-stack-dependencies",
    ]);
  });

  test.each(teardownSteps(cohortStacks((data) => Object.assign(data, { throughWeek: 6, workloads: { ...data.workloads, shards: 2 } }))))(
    "cdktf accepts $command",
    (step) => {
      const selected = cdktf.getMultipleStacks(manifest, [step.selection.replace(/'/g, "")], "destroy");
      expect(selected.map((stack) => stack.name)).toEqual(step.stacks);
      const check = () => cdktf.checkIfAllDependantsAreIncluded(selected, manifest);
      if (step.command.includes("--ignore-missing-stack-dependencies")) {
        // cdktf skips the check with the flag; without it, the command would fail as the issue reported.
        expect(check).toThrow(/The following dependant stacks are not included in the stacks to run/);
      } else {
        expect(check).not.toThrow();
      }
    },
  );
});

describe("runTeardown and npm run teardown", () => {
  const steps = teardownSteps(cohortStacks((data) => Object.assign(data, { throughWeek: 6 })));

  test("runs the steps in order and stops at the first that fails", () => {
    const ran: string[] = [];
    const log: string[] = [];
    const result = runTeardown(steps, (command) => (ran.push(command), command.includes("-platform") ? 7 : 0), { extraArgs: ["--auto-approve"], log: (line) => log.push(line) });
    expect(ran).toEqual(steps.slice(0, 3).map((step) => `${step.command} --auto-approve`));
    expect(result).toEqual({ completed: 2, failedStep: 3, exitCode: 7 });
    expect(log.at(-1)).toBe("teardown: step 3 failed (exit 7); nothing after it ran. Fix the cause, then continue with --run --from 3");
  });

  test("--from continues at a step; a step number out of range is refused", () => {
    const ran: string[] = [];
    expect(runTeardown(steps, (command) => (ran.push(command), 0), { from: 4 })).toEqual({ completed: steps.length, exitCode: 0 });
    expect(ran).toEqual(steps.slice(3).map((step) => step.command));
    expect(() => runTeardown(steps, () => 0, { from: 9 })).toThrow(`from must be a step number from 1 to ${steps.length}, got 9`);
  });

  const script = path.join(__dirname, "..", "dist", "scripts", "teardown.js");
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [script, ...args], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...env } });

  test("prints the example cohort's steps and writes nothing; bad arguments exit 2", () => {
    const printed = run([]);
    expect(printed.status).toBe(0);
    expect(printed.stdout).toContain("1. npx cdktf destroy devops-2026-network");
    expect(printed.stdout).toContain("The state stack devops-2026-state holds every other stack's state: it stays");
    const bad = run(["--from", "2"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("teardown: --from and --auto-approve need --run\nusage: npm run teardown [-- --run [--from N] [--auto-approve]]\n");
    expect(run(["--frm"]).stderr).toContain('teardown: unknown or incomplete argument "--frm"');
  });

  test("--run runs cdktf through the shell and stops where it fails (a stand-in npx)", () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "teardown-bin-"));
    try {
      fs.writeFileSync(path.join(bin, "npx"), '#!/bin/sh\necho "ran: $*" >> "$TEARDOWN_LOG"\ncase "$*" in *-platform*) exit 3;; esac\n', { mode: 0o755 });
      const cohortFile = path.join(bin, "cohort.yaml");
      fs.writeFileSync(cohortFile, fs.readFileSync(path.join(__dirname, "..", "config", "example-cohort.yaml"), "utf8").replace(/^throughWeek: *\d+/m, "throughWeek: 6"));
      const log = path.join(bin, "log");
      const result = run(["--run", "--auto-approve"], { PATH: `${bin}:${process.env.PATH}`, COHORT_FILE: cohortFile, TEARDOWN_LOG: log });
      expect(result.status).toBe(1);
      expect(fs.readFileSync(log, "utf8").trim().split("\n")).toEqual([
        "ran: cdktf destroy devops-2026-students-1 --auto-approve",
        "ran: cdktf destroy devops-2026-cluster-services --ignore-missing-stack-dependencies --auto-approve",
        "ran: cdktf destroy devops-2026-platform --ignore-missing-stack-dependencies --auto-approve",
      ]);
      expect(result.stdout).toContain("teardown: step 3 failed (exit 3); nothing after it ran.");
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});
