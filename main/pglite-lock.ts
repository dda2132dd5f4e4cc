import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * The lock names the holder so that the second process can say who to stop.
 */
export function lockPgliteDir(dir: string, holder: string): () => void {
  const file = path.join(path.dirname(dir), 'pglite.lock');
  const tryCreate = (): boolean => {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, holder }));
      closeSync(fd);
      return true;
    } catch {
      return false;
    }
  };
  if (!tryCreate()) {
    const current = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; holder: string };
    if (isAlive(current.pid)) {
      throw new Error(`the embedded database in ${dir} is in use by ${current.holder} (pid ${current.pid}); stop it first, or use the API`);
    }
    rmSync(file, { force: true }); // left behind by a process that died
    if (!tryCreate()) throw new Error(`could not lock the embedded database in ${dir}`);
  }
  return () => rmSync(file, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
