/**
 * Formats the import messages use to name what the model names: a field (a dimension, a measure's
 * column or a fact's own column) and a dimension's value. English keeps the words the importers
 * have always written (the id itself, or its words); Chinese says the model's Chinese name or the
 * value's label, so a Chinese page shows no ids. A name the model does not know is said as written.
 */
import { dimensionValueLabelOf } from '../labels/index.js';
import { DIMENSIONS, FACTS, MEASURES } from '../model/facts.js';
import type { MessageFormat } from './say.js';

interface FieldName {
  en: string;
  zh: string;
}

let fieldNames: ReadonlyMap<string, FieldName> | undefined;

/** Every field's name by id: dimensions first, then facts' own columns, then measures by column. */
function fieldNameOf(field: string): FieldName | undefined {
  if (!fieldNames) {
    const names = new Map<string, FieldName>();
    const add = (id: string, name: FieldName) => {
      if (!names.has(id)) names.set(id, name);
    };
    for (const dimension of DIMENSIONS) add(dimension.id, dimension.name);
    for (const fact of FACTS) for (const column of fact.columns ?? []) add(column.id, column.name);
    for (const measure of MEASURES) add(measure.column, measure.name);
    fieldNames = names;
  }
  return fieldNames.get(field);
}

/** A field's Chinese name; a mapping's rate of a field (`rate_of_clicks`) is that field's rate. */
function chineseName(field: string): string {
  const rateOf = /^rate_of_(.+)$/.exec(field)?.[1];
  if (rateOf !== undefined) return `${chineseName(rateOf)}比率`;
  return fieldNameOf(field)?.zh ?? field;
}

export const IMPORT_FORMATS: Readonly<Record<string, MessageFormat>> = {
  /** A field as its id (`spend`) in English. */
  field: (value, language) => (language === 'zh' ? chineseName(String(value)) : String(value)),
  /** A field as words (`traffic type`: the id's first underscore a space) in English. */
  fieldWords: (value, language) =>
    language === 'zh' ? chineseName(String(value)) : String(value).replace('_', ' '),
  /** A field by its name in lower case (`person key`) in English. */
  fieldName: (value, language) =>
    language === 'zh'
      ? chineseName(String(value))
      : (fieldNameOf(String(value))?.en.toLowerCase() ?? String(value)),
  /** A value of the dimension named by the message's `dimension` parameter, by its label in Chinese. */
  label: (value, language, said) => {
    const dimension = said.params.dimension;
    if (language !== 'zh' || typeof dimension !== 'string') return String(value);
    return dimensionValueLabelOf(dimension, String(value), 'zh') ?? String(value);
  },
};
