// Small process helpers shared by the scripts. Node built-ins only.
import { readFileSync } from 'node:fs';

/** Whether a process with this id is running (EPERM means it exists but is not ours). */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * The last lines of a log file, for an error message (or `(no log)`).
 * @param {string} file
 * @param {number} [lines]
 */
export function tail(file, lines = 20) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
