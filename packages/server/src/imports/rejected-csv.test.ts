import { describeCsvWriter } from '../../../core/src/csv-injection.suite.js';
import { rejectedRowsCsv } from './uploads.js';

describeCsvWriter('the server’s rejected-rows CSV', {
  write: (table) =>
    rejectedRowsCsv(
      table.rows.map(([text, number]) => ({
        file: 'upload.csv',
        row: number,
        column: text,
        message: text,
        values: { [table.header[0]]: text },
      })),
    ),
  // file, row, column, problem, then the row's own cells.
  textField: 4,
  numberField: 1,
  writesHeader: true,
});
