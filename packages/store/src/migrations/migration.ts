import type { Dialect } from '@markpi/core';

/** One forward-only schema change; statements may differ per dialect. */
export interface Migration {
  version: number;
  name: string;
  statements(dialect: Dialect): string[];
}
