import { existsSync } from 'node:fs';
import path from 'node:path';

// Found by walking up from this file rather than from process.cwd(): jest, nx and a developer's
// shell all start tests from different folders, and the source and dist/ trees differ in depth.
function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'platform.config.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`platform.config.json not found above ${start}`);
    dir = parent;
  }
}

export const repoRoot: string = findRepoRoot(__dirname);
