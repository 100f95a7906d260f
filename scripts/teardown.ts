// `npm run teardown [-- --run [--from N] [--auto-approve]]`: prints the destroy order of the cohort
// in $COHORT_FILE (default: the example) that avoids the load balancer trap, as `cdktf destroy`
// commands cdktf accepts; with --run, runs them one after another (cdktf synthesizes the same
// cohort file first) and stops at the first that fails. Nothing is written.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cohortFilePath, loadCohortFile } from "../config/load-cohort";
import { buildApp } from "../stacks/shared-synthesis";
import { runTeardown, teardownSteps, type TeardownStep } from "../stacks/teardown";

const USAGE = "usage: npm run teardown [-- --run [--from N] [--auto-approve]]";

function parseArgs(args: readonly string[]): { run: boolean; from?: number; autoApprove: boolean } {
  const parsed: { run: boolean; from?: number; autoApprove: boolean } = { run: false, autoApprove: false };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === "--run") parsed.run = true;
    else if (arg === "--auto-approve") parsed.autoApprove = true;
    else if (arg === "--from" && /^\d+$/.test(args[index + 1] ?? "")) parsed.from = Number(args[++index]);
    else throw new Error(`teardown: unknown or incomplete argument "${arg}"${arg === "--from" ? " (--from takes a step number)" : ""}\n${USAGE}`);
  }
  if (!parsed.run && (parsed.from !== undefined || parsed.autoApprove)) throw new Error(`teardown: --from and --auto-approve need --run\n${USAGE}`);
  return parsed;
}

type TeardownArgs = ReturnType<typeof parseArgs>;

/** Prints the steps for the cohort file and, with --run, runs them; returns the exit code. */
function teardown(args: TeardownArgs): number {
  const cohortFile = cohortFilePath();
  const cohort = loadCohortFile(cohortFile);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-teardown-"));
  let steps: TeardownStep[];
  try {
    const { stacks } = buildApp(cohort, scratch);
    steps = teardownSteps(stacks.map((stack) => ({ stackId: stack.node.id, dependsOn: stack.dependencies.map((dependency) => dependency.node.id) })));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`Teardown of cohort ${cohort.name} (${path.relative(process.cwd(), cohortFile) || cohortFile}), each step after the previous one finished:`);
  console.log(`  export COHORT_FILE=${path.resolve(cohortFile)}`);
  steps.forEach((step, index) => console.log(`  ${index + 1}. ${step.command}   # ${step.why}`));
  if (cohort.stateBackend) console.log(`  The state stack ${cohort.name}-state holds every other stack's state: it stays (remove it by hand, last, if ever).`);
  if (!args.run) return 0;
  if (args.from !== undefined && (args.from < 1 || args.from > steps.length)) {
    console.error(`teardown: --from must be a step number from 1 to ${steps.length}, got ${args.from}`);
    return 2;
  }
  const env = { ...process.env, COHORT_FILE: path.resolve(cohortFile) };
  const result = runTeardown(steps, (commandLine) => spawnSync(commandLine, { shell: true, stdio: "inherit", env }).status ?? 1, {
    from: args.from,
    extraArgs: args.autoApprove ? ["--auto-approve"] : [],
    log: (line) => console.log(line),
  });
  return result.exitCode === 0 ? 0 : 1;
}

let args: TeardownArgs | undefined;
try {
  args = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 2;
}
if (args) {
  try {
    process.exitCode = teardown(args);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
