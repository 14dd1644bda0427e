import { describeCsvWriter } from '../../../core/src/csv-injection.suite.js';
import { rejectedRowsToCsv } from './import-files.js';

describeCsvWriter('the importers’ rejected-rows CSV', {
  write: (table) =>
    rejectedRowsToCsv(
      table.rows.map(([text, number]) => ({
        file: text,
        row: number,
        column: text,
        reason: text,
        values: { [table.header[0]]: text },
      })),
    ),
  // file, row, column, reason, the row's cells as JSON.
  textField: 3,
  numberField: 1,
  writesHeader: true,
});
