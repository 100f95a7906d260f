import * as fs from "fs";
import * as path from "path";
import { isMap, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { crossFieldProblems } from "./cohort-rules";
import { cohortSchema, type CohortConfig } from "./cohort-schema";

/** One thing wrong with a cohort file: where it is and what is allowed. */
export interface CohortProblem {
  /** The field path, like `students[3].name`; empty for the file as a whole. */
  readonly path: string;
  /** 1-based line in the file, when the field (or its nearest parent) is in it. */
  readonly line?: number;
  readonly message: string;
}

/** Thrown with every problem of a cohort file at once. */
export class CohortConfigError extends Error {
  constructor(
    public readonly source: string,
    public readonly problems: readonly CohortProblem[],
  ) {
    super(
      [
        `Cohort file ${source} has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was synthesized:`,
        ...problems.map((problem) => `  - ${formatProblem(problem)}`),
      ].join("\n"),
    );
    this.name = "CohortConfigError";
  }
}

export function formatProblem(problem: CohortProblem): string {
  const line = problem.line === undefined ? "" : problem.path ? ` (line ${problem.line})` : `line ${problem.line}`;
  const where = `${problem.path}${line}`;
  return where ? `${where}: ${problem.message}` : problem.message;
}

/** The example cohort shipped with the package (`config/example-cohort.yaml`). */
export const EXAMPLE_COHORT_FILE = locateExampleCohort();

/** The cohort file to use: `$COHORT_FILE`, or the embedded example. */
export function cohortFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.COHORT_FILE ? path.resolve(env.COHORT_FILE) : EXAMPLE_COHORT_FILE;
}

/** What validation takes besides the file. */
export interface CohortLoadOptions {
  /** Today, for the support-window rule (tests pin it). @default - the current date */
  readonly today?: Date;
}

/** Reads and validates a cohort file; throws {@link CohortConfigError} listing every problem. */
export function loadCohortFile(file: string, options: CohortLoadOptions = {}): CohortConfig {
  return parseCohortYaml(readCohortFile(file), file, options);
}

/**
 * The cohort file as it would be with `throughWeek: week`, checked by every rule of that week
 * (a setting allowed at week 1 may be refused at week 10); the file itself is not changed.
 */
export function loadCohortFileAtWeek(file: string, week: number, options: CohortLoadOptions = {}): CohortConfig {
  const text = readCohortFile(file);
  if (!/^throughWeek:/m.test(text)) throw new CohortConfigError(file, [{ path: "throughWeek", message: `needs a top-level "throughWeek:" line to be read at week ${week}` }]);
  return parseCohortYaml(text.replace(/^throughWeek: *\S+/m, `throughWeek: ${week}`), file, options);
}

function readCohortFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "the file does not exist" : (error as Error).message;
    throw new CohortConfigError(file, [{ path: "", message: `cannot read the cohort file: ${reason} (set COHORT_FILE to an existing YAML file, or unset it to use the example)` }]);
  }
}

/** Parses and validates cohort YAML; throws {@link CohortConfigError} listing every problem. */
export function parseCohortYaml(text: string, source = "<inline>", options: CohortLoadOptions = {}): CohortConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new CohortConfigError(
      source,
      document.errors.map((error) => ({
        path: "",
        line: error.linePos?.[0].line,
        message: `YAML syntax error: ${error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`,
      })),
    );
  }
  const raw: unknown = document.toJS();
  if (raw === null || raw === undefined) {
    throw new CohortConfigError(source, [{ path: "", message: "the cohort file is empty; start from config/example-cohort.yaml" }]);
  }

  const parsed = cohortSchema.safeParse(raw, { reportInput: true });
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => problemFromIssue(issue, document, lineCounter))),
    ...crossFieldProblems(raw, { today: options.today ?? new Date() }).map((rule) => ({ path: formatPath(rule.path), line: lineOf(rule.path, document, lineCounter), message: rule.message })),
  ];
  if (problems.length > 0 || !parsed.success) {
    throw new CohortConfigError(source, sortByLine(dedupe(problems)));
  }
  return parsed.data;
}

function problemFromIssue(issue: z.core.$ZodIssue, document: Document, lineCounter: LineCounter): CohortProblem {
  const issuePath = issue.path.map((segment) => (typeof segment === "number" ? segment : String(segment)));
  if (issue.code === "unrecognized_keys") {
    return { path: formatPath(issuePath), line: lineOf([...issuePath, issue.keys[0]], document, lineCounter), message: issue.message };
  }
  const message = issue.input === undefined ? `is required; it ${issue.message}` : `${issue.message}, got ${describeValue(issue.input)}`;
  return { path: formatPath(issuePath), line: lineOf(issuePath, document, lineCounter), message };
}

/** `["students", 3, "name"]` becomes `students[3].name`. */
export function formatPath(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((out, segment) => (typeof segment === "number" ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment), "");
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object" && value !== null) return "a mapping";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The line of the field, or of its nearest ancestor that the file contains (none for a top-level field it lacks). */
function lineOf(segments: readonly (string | number)[], document: Document, lineCounter: LineCounter): number | undefined {
  for (let depth = segments.length; depth >= 1; depth--) {
    const node = document.getIn(segments.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) {
      // A mapping node starts at its first key; for a field, report the key's line instead.
      const parent = depth === 1 ? document.contents : document.getIn(segments.slice(0, depth - 1), true);
      const key = segments[depth - 1];
      if (isMap(parent) && typeof key === "string") {
        const pair = parent.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
        const keyRange = (pair?.key as { range?: [number, number, number] } | null)?.range;
        if (keyRange) return lineCounter.linePos(keyRange[0]).line;
      }
      return lineCounter.linePos(range[0]).line;
    }
  }
  return undefined;
}

function dedupe(problems: CohortProblem[]): CohortProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortByLine(problems: CohortProblem[]): CohortProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function locateExampleCohort(): string {
  // Compiled code runs from dist/config/, tests from config/; the YAML lives in config/ at the package root.
  const candidates = [path.join(__dirname, "example-cohort.yaml"), path.join(__dirname, "..", "..", "config", "example-cohort.yaml")];
  return candidates.find((candidate) => fs.existsSync(candidate)) ?? candidates[0];
}
