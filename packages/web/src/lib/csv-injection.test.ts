import { describeCsvWriter } from '../../../core/src/csv-injection.suite.js';
import { toCsv } from './table-export';

describeCsvWriter('the dashboard’s CSV export', {
  write: (table) =>
    toCsv({
      columns: [
        { header: table.header[0], format: 'text' },
        { header: table.header[1], format: 'decimal' },
      ],
      rows: table.rows,
    }),
  textField: 0,
  numberField: 1,
  writesHeader: true,
});
