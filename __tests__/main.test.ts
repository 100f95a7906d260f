import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// Runs the real program (`node dist/main.js`, built by `npm test` before jest) as the organizer does.
const MAIN = path.join(__dirname, "..", "dist", "main.js");

function run(env: Record<string, string>, args: string[] = []) {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" (npm test does) before jest`);
  const { status, stdout, stderr } = spawnSync(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8", timeout: 60_000 });
  return { status, stdout, stderr };
}

/** Every file under `dir` with its content, to prove a directory was left exactly as it was. */
function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      out[path.relative(dir, file)] = fs.readFileSync(file, "utf8");
    }
  }
  return out;
}

describe("npm run synth (dist/main.js)", () => {
  let work: string;
  beforeEach(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-main-"))));
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  test("synthesizes the example cohort and prints the stacks, their resource counts and what to run next", () => {
    const outdir = path.join(work, "cdktf.out");
    const { status, stdout, stderr } = run({ CDKTF_OUTDIR: outdir });
    // The example's placeholders are warned about on stderr, one line each, and nothing else is.
    expect(stderr.trim().split("\n").every((line) => line.startsWith("warning: "))).toBe(true);
    expect(status).toBe(0);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["devops-2026-network", "devops-2026-state"]);
    expect(stdout).toMatch(/devops-2026-state\s+7 resources,\s+1 data sources/);
    expect(stdout).toMatch(/devops-2026-network\s+\d+ resources,\s+\d+ data sources\s+\(after devops-2026-state\)/);
    expect(stdout).toContain("npx cdktf deploy devops-2026-state devops-2026-network");
    expect(stdout).toContain("\nEstimated AWS cost at week 1: about $40 a month against a budget of $900, us-east-1 prices (npm run cost, or estimateCohortCost, for the items, assumptions and weeks).\n");
    // The example needs no COHORT_FILE: cdktf's own synth reads the same default.
    expect(stdout).not.toContain("COHORT_FILE");
  });

  test("for another cohort file the next commands export COHORT_FILE, deploy the state bucket first and review the first plannable stack", () => {
    const outdir = path.join(work, "cdktf.out");
    const cohortFile = path.join(work, "cohort.yaml");
    fs.copyFileSync(path.join(__dirname, "..", "config", "example-cohort.yaml"), cohortFile);
    const { status, stdout } = run({ COHORT_FILE: cohortFile, CDKTF_OUTDIR: outdir });
    expect(status).toBe(0);
    const next = stdout.slice(stdout.indexOf("Next"));
    expect(next.split("\n").slice(1, 4)).toEqual([
      `  export COHORT_FILE=${cohortFile}`,
      "  npx cdktf deploy devops-2026-state   # first, once: the state bucket (its own state stays in terraform.devops-2026-state.tfstate: keep that file)",
      "  npx cdktf diff devops-2026-network   # review a plan",
    ]);
  });

  test("placeholders left from the example are warned about (not refused), each with its field", () => {
    const { status, stderr } = run({ CDKTF_OUTDIR: path.join(work, "cdktf.out") });
    expect(status).toBe(0);
    expect(stderr.trim().split("\n")).toEqual([
      "warning: admins[0].principalArn: account 123456789012 is AWS's documentation example, in 14 principal ARNs (admins[0].principalArn, admins[1].principalArn, " +
        Array.from({ length: 12 }, (_, i) => `students[${i}].principalArn`).join(", ") +
        "): use the principals of your own account",
      `warning: notifications.emails[0]: "organizer@example.com" is an example address (RFC 2606): nobody will confirm its subscription`,
      `warning: notifications.slack.teamId: "T0123ABCD" is the example's Slack ID: the Chatbot configuration would fail to create`,
      `warning: notifications.slack.channelId: "C0123ABCD" is the example's Slack ID: the Chatbot configuration would fail to create`,
      "warning: cluster.publicAccessCidrs[0]: 203.0.113.0/24 is a documentation range (RFC 5737): nobody can reach the API from it",
      `warning: stateBackend.bucket: "devops-2026-tfstate-example" is the example's bucket name; bucket names are global, so pick one of your own`,
    ]);
  });

  test("a budget the estimate would alert on is warned about on stderr, naming budget.monthlyUsd", () => {
    const cohortFile = path.join(work, "small-budget.yaml");
    fs.writeFileSync(cohortFile, fs.readFileSync(path.join(__dirname, "..", "config", "example-cohort.yaml"), "utf8").replace(/monthlyUsd: \d+/, "monthlyUsd: 45"));
    const { status, stderr } = run({ COHORT_FILE: cohortFile, CDKTF_OUTDIR: path.join(work, "budget-out") });
    expect(status).toBe(0);
    expect(stderr).toMatch(/^warning: budget\.monthlyUsd: the estimated cost at week 1, \$40 a month \(with us-east-1 prices\), passes the budget's 80% actual-cost alert \(budget \$45\)/m);
  });

  test("from week 9 the summary says what is not built yet", () => {
    const cohortFile = path.join(work, "cohort.yaml");
    fs.writeFileSync(cohortFile, fs.readFileSync(path.join(__dirname, "..", "config", "example-cohort.yaml"), "utf8").replace(/^throughWeek: 1 /m, "throughWeek: 9 "));
    const { status, stdout } = run({ COHORT_FILE: cohortFile, CDKTF_OUTDIR: path.join(work, "cdktf.out") });
    expect(status).toBe(0);
    expect(stdout).toContain("Week 9 adds only pod autoscaling so far, and week 10 (service mesh) nothing yet: they arrive in later releases.");
  });

  test("stacks an earlier synth left behind (another cohort) are removed; other files stay", () => {
    const outdir = path.join(work, "cdktf.out");
    fs.mkdirSync(path.join(outdir, "stacks", "other-cohort-network"), { recursive: true });
    fs.writeFileSync(path.join(outdir, "stacks", "other-cohort-network", "cdk.tf.json"), "{}");
    fs.writeFileSync(path.join(outdir, "notes.txt"), "mine");
    expect(run({ CDKTF_OUTDIR: outdir }).status).toBe(0);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["devops-2026-network", "devops-2026-state"]);
    expect(fs.readFileSync(path.join(outdir, "notes.txt"), "utf8")).toBe("mine");
  });

  test("the command takes synth (the default) or --help, and refuses anything else with exit 2", () => {
    const outdir = path.join(work, "cdktf.out");
    expect(run({ CDKTF_OUTDIR: outdir }, ["synth"]).status).toBe(0);
    const help = run({}, ["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: cohort-platform \[synth\]/);
    const bad = run({ CDKTF_OUTDIR: outdir }, ["deploy"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^cohort-platform: unknown arguments "deploy"\nusage: cohort-platform \[synth\]/);
  });

  test("a bad cohort file exits non-zero, names every problem, and leaves an existing cdktf.out exactly as it was", () => {
    const outdir = path.join(work, "cdktf.out");
    fs.mkdirSync(path.join(outdir, "stacks", "old"), { recursive: true });
    fs.writeFileSync(path.join(outdir, "manifest.json"), '{"previous": true}');
    fs.writeFileSync(path.join(outdir, "stacks", "old", "cdk.tf.json"), "{}");
    const before = snapshotTree(outdir);
    const cohortFile = path.join(work, "cohort.yaml");
    fs.writeFileSync(cohortFile, "name: Bad_Name\nregion: ap-northeast-2\nthroughWeek: 12\nnetwork:\n  natGateways: maybe\n");

    const { status, stdout, stderr } = run({ COHORT_FILE: cohortFile, CDKTF_OUTDIR: outdir });
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(`Cohort file ${cohortFile} has 3 problems; nothing was synthesized:`);
    expect(stderr).toContain(`name (line 1): must be a DNS-1123 label: 3-20 lowercase letters, digits or '-', starting with a letter and not ending with '-', got "Bad_Name"`);
    expect(stderr).toContain("throughWeek (line 3): must be a whole number from 1 to 10, got 12");
    expect(stderr).toContain(`network.natGateways (line 5): must be one of single, one-per-az, none, got "maybe"`);
    expect(snapshotTree(outdir)).toEqual(before);
  });

  test("a bad cohort file creates no output directory when there was none", () => {
    const outdir = path.join(work, "cdktf.out");
    const cohortFile = path.join(work, "cohort.yaml");
    fs.writeFileSync(cohortFile, "name: ok-name\nregion: ap-northeast-2\nthroughWeek: 1\nstudents: [\n");
    const { status, stderr } = run({ COHORT_FILE: cohortFile, CDKTF_OUTDIR: outdir });
    expect(status).toBe(1);
    expect(stderr).toMatch(/line \d+: YAML syntax error: /);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test("several synthesis processes write the same bytes as one, and leave no staging folder behind", () => {
    const cohortFile = path.join(work, "cohort.yaml");
    const example = fs.readFileSync(path.join(__dirname, "..", "config", "example-cohort.yaml"), "utf8");
    fs.writeFileSync(cohortFile, example.replace(/^throughWeek: *\d+/m, "throughWeek: 10"));
    const single = run({ COHORT_FILE: cohortFile, CDKTF_OUTDIR: path.join(work, "one"), COHORT_SYNTH_PROCESSES: "1" });
    const parallel = run({ COHORT_FILE: cohortFile, CDKTF_OUTDIR: path.join(work, "three"), COHORT_SYNTH_PROCESSES: "3" });
    expect([single.status, parallel.status]).toEqual([0, 0]);
    const one = snapshotTree(path.join(work, "one"));
    expect(Object.keys(one).filter((file) => file.endsWith("cdk.tf.json"))).toHaveLength(6);
    expect(snapshotTree(path.join(work, "three"))).toEqual(one);
    expect(parallel.stdout.replace(/three/g, "one")).toBe(single.stdout);
    expect(fs.readdirSync(work).sort()).toEqual(["cohort.yaml", "one", "three"]);
  });

  test("a synth replaces the stacks' JSON and keeps what Terraform keeps in a stack's folder", () => {
    const outdir = path.join(work, "cdktf.out");
    expect(run({ CDKTF_OUTDIR: outdir }).status).toBe(0);
    const stackDir = path.join(outdir, "stacks", "devops-2026-network");
    fs.writeFileSync(path.join(stackDir, ".terraform.lock.hcl"), "# lock\n");
    fs.mkdirSync(path.join(stackDir, ".terraform", "providers"), { recursive: true });
    fs.writeFileSync(path.join(stackDir, "cdk.tf.json"), "{}");
    expect(run({ CDKTF_OUTDIR: outdir }).status).toBe(0);
    expect(fs.readFileSync(path.join(stackDir, ".terraform.lock.hcl"), "utf8")).toBe("# lock\n");
    expect(fs.existsSync(path.join(stackDir, ".terraform", "providers"))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")).resource.aws_vpc).toBeDefined();
  });

  test("COHORT_SYNTH_PROCESSES must be a whole number from 1 to 16", () => {
    const { status, stdout, stderr } = run({ CDKTF_OUTDIR: path.join(work, "out"), COHORT_SYNTH_PROCESSES: "all" });
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe('cohort-platform: COHORT_SYNTH_PROCESSES must be a whole number from 1 to 16, got "all"\n');
    expect(fs.existsSync(path.join(work, "out"))).toBe(false);
  });

  test("a missing cohort file is an error that says how to fix it", () => {
    const { status, stderr } = run({ COHORT_FILE: path.join(work, "nope.yaml"), CDKTF_OUTDIR: path.join(work, "out") });
    expect(status).toBe(1);
    expect(stderr).toContain("cannot read the cohort file: the file does not exist (set COHORT_FILE to an existing YAML file, or unset it to use the example)");
  });
});
