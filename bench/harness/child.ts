/**
 * Runs one measurement in a child process of its own, so its peak memory (the kernel's RSS
 * high-water mark, `maxRSS`) belongs to that measurement alone and every run starts cold.
 * The child prints one JSON line last; everything before it is passed through.
 */
import { spawn } from 'node:child_process';

export async function runChild<T>(
  script: string,
  args: readonly string[],
  nodeArgs: readonly string[] = [],
): Promise<T> {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    output += text;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const lines = output.trimEnd().split('\n');
  const last = lines.pop() ?? '';
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
  if (code !== 0) throw new Error(`child ${args.join(' ')} exited with ${code}: ${last}`);
  return JSON.parse(last) as T;
}

/** Peak resident memory of this process so far, in MiB. */
export function peakRssMiB(): number {
  // `maxRSS` is in kibibytes on every platform Node reports it for.
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * Samples the JS side's memory (V8 heap plus Buffers and other external memory) every
 * `everyMs` until stopped, and returns its peak in MiB. DuckDB's own native memory is not in
 * it, so against the RSS peak it tells which side grows.
 */
export function sampleJsMemory(everyMs = 100): () => number {
  let peak = 0;
  const sample = () => {
    const { heapUsed, external } = process.memoryUsage();
    peak = Math.max(peak, heapUsed + external);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return () => {
    clearInterval(timer);
    sample();
    return peak / (1024 * 1024);
  };
}
