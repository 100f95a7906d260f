import * as fs from "fs";
import * as path from "path";

/** The README.md of the checkout (scripts run from dist/scripts). */
export const README_PATH = path.join(__dirname, "..", "..", "README.md");

/** A generated part of README.md, between an opening and a closing HTML comment. */
export interface ReadmeBlock {
  readonly start: string;
  readonly end: string;
}

/** `readme` with the content of `block` replaced by `content`; throws when the markers are missing. */
export function withReadmeBlock(readme: string, block: ReadmeBlock, content: string): string {
  const start = readme.indexOf(block.start);
  const end = readme.indexOf(block.end);
  if (start < 0 || end < start) throw new Error(`README.md has no "${block.start}" ... "${block.end}" block`);
  return `${readme.slice(0, start + block.start.length)}\n${content}\n${readme.slice(end)}`;
}

/** Writes `content` into the block of the checkout's README.md. */
export function writeReadmeBlock(block: ReadmeBlock, content: string): void {
  fs.writeFileSync(README_PATH, withReadmeBlock(fs.readFileSync(README_PATH, "utf8"), block, content));
}
