// Small process helpers shared by the scripts. Node built-ins only.

/** Whether a process with this id is running (EPERM means it exists but is not ours). */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}
