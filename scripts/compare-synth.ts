// `npm run compare-synth -- [REF] [STUDENTS...]`: proves that a change leaves the synthesized output
// byte-identical. Builds REF (default HEAD, i.e. the last commit) in a temporary git worktree that
// shares this checkout's node_modules, then synthesizes with both builds, each in a fresh process:
// the example cohort at every week, and generated cohorts of STUDENTS (default 300) at week 10.
// Every file of every output folder must exist in both and match byte for byte. One line per
// cohort; last line "N cohorts identical, N differ"; exit 1 when any differs.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EXAMPLE_COHORT_FILE } from "../config/load-cohort";
import { generatedCohort } from "./generated-cohort";

const ROOT = path.join(__dirname, "..", "..");
// A first argument of digits is a student count, not a git ref.
const args = process.argv.slice(2);
const [ref, sizeArgs] = args.length > 0 && !/^\d+$/.test(args[0]) ? [args[0], args.slice(1)] : ["HEAD", args];
const sizes = sizeArgs.length > 0 ? sizeArgs.map(Number) : [300];
if (sizes.some((size) => !Number.isInteger(size) || size < 1)) {
  console.error(`compare-synth: students must be whole numbers, got "${sizeArgs.join(" ")}"`);
  process.exit(2);
}

function synth(main: string, cohortFile: string, outdir: string): void {
  const result = spawnSync(process.execPath, [main], { env: { ...process.env, COHORT_FILE: cohortFile, CDKTF_OUTDIR: outdir }, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${main} failed on ${cohortFile} (exit ${result.status}):\n${result.stderr}`);
}

/** Relative paths of every file under dir. */
function files(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The files that are missing on one side or differ. */
function differences(before: string, after: string): string[] {
  const left = files(before);
  const right = files(after);
  const all = [...new Set([...left, ...right])].sort();
  return all.filter((file) => !left.includes(file) || !right.includes(file) || !fs.readFileSync(path.join(before, file)).equals(fs.readFileSync(path.join(after, file))));
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-compare-"));
const worktree = path.join(work, "ref");
let identical = 0;
let differ = 0;
try {
  execFileSync("git", ["-C", ROOT, "worktree", "add", "--quiet", "--detach", worktree, ref], { stdio: "inherit" });
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(worktree, "node_modules"), "dir");
  execFileSync(path.join(ROOT, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.build.json"], { cwd: worktree, stdio: "inherit" });
  const cohorts: [string, string][] = [];
  const example = fs.readFileSync(EXAMPLE_COHORT_FILE, "utf8");
  for (let week = 1; week <= 10; week++) cohorts.push([`example cohort, week ${week}`, example.replace(/^throughWeek: *\d+/m, `throughWeek: ${week}`)]);
  for (const students of sizes) cohorts.push([`${students} students, week 10`, generatedCohort(students)]);
  for (const [index, [label, text]] of cohorts.entries()) {
    const cohortFile = path.join(work, `cohort-${index}.yaml`);
    fs.writeFileSync(cohortFile, text);
    const before = path.join(work, `before-${index}`);
    const after = path.join(work, `after-${index}`);
    synth(path.join(worktree, "dist", "main.js"), cohortFile, before);
    synth(path.join(ROOT, "dist", "main.js"), cohortFile, after);
    const changed = differences(before, after);
    if (changed.length === 0) {
      identical++;
      console.log(`compare-synth: ${label}: identical (${files(after).length} files)`);
    } else {
      differ++;
      console.log(`compare-synth: ${label}: ${changed.length} files DIFFER: ${changed.slice(0, 5).join(", ")}${changed.length > 5 ? ", ..." : ""}`);
    }
    fs.rmSync(before, { recursive: true, force: true });
    fs.rmSync(after, { recursive: true, force: true });
  }
} finally {
  spawnSync("git", ["-C", ROOT, "worktree", "remove", "--force", worktree]);
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(`${identical} cohorts identical, ${differ} differ (${ref} against the working tree)`);
process.exitCode = differ > 0 ? 1 : 0;
