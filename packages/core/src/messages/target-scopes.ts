/**
 * Refusals of a target's scope that names a value its dimension does not have (`targets/scope.ts`
 * resolves names to ids first). Parameters: `dimension` the id (said by its Chinese name in
 * Chinese), `value` as typed, `known` the dimension's ids.
 */
import type { MessageTable } from './say.js';

export const TARGET_SCOPE_MESSAGES = {
  'target.scope.unknown_value': {
    en: '{dimension} has no value {value}, nor one named so in English or Chinese (its values: {known, list})',
    zh: '{dimension, field}没有“{value}”这个取值，也没有以此为中文或英文名称的取值（可用的取值：{known, list}）',
  },
  'target.scope.unknown_values': {
    en: 'the scope names values its dimensions do not have: {values, list}',
    zh: '范围中有维度不存在的取值：{values, list}',
  },
} as const satisfies MessageTable;
