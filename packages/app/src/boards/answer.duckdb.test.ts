import { openDuckDbWarehouse } from '@markpi/store';
import { describe } from 'vitest';
import { describeBoardAnswers } from './answer.suite.js';

describe('a board answered whole on DuckDB', () => {
  describeBoardAnswers(() => openDuckDbWarehouse({ path: ':memory:' }));
});
