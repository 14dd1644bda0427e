/** The wire shape of a message: a key and its parameters, nested messages included. */
import { z } from 'zod';
import type { Said, SaidParam } from './say.js';

const saidParamSchema: z.ZodType<SaidParam, SaidParam> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    saidSchema,
    z.array(z.union([z.string(), z.number(), saidSchema])),
  ]),
);

export const saidSchema: z.ZodType<Said, Said> = z.lazy(() =>
  z.object({
    key: z.string().describe('stable id of the sentence, e.g. `limit.window_too_long`'),
    params: z.record(z.string(), saidParamSchema),
  }),
);
