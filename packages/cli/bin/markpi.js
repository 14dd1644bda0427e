#!/usr/bin/env node
// The `markpi` command as npm links it. npm links a package's commands at install time, and only
// those whose file exists then; the compiled command (dist/main.js) only appears with the build.
// This file is always there, so `npm install` links `markpi`, and it hands over once built.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  process.stderr.write(
    'markpi is not built yet: run `npm run build` (or `npm run demo`) in the markpi folder first\n' +
      'markpi 尚未构建：请先在 markpi 目录中运行 `npm run build`（或 `npm run demo`）\n',
  );
  process.exitCode = 1;
}
