/** Runs the CLI in-process with captured output (tests only). */
import { runCli } from './program.js';

export async function runCliCaptured(cwd: string, args: readonly string[]) {
  let out = '';
  let err = '';
  const code = await runCli([...args], {
    out: (text) => (out += text),
    err: (text) => (err += text),
    env: {},
    cwd,
  });
  return { code, out, err };
}
