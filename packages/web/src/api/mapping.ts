/**
 * Typed calls to the column-mapping routes of an upload no platform covers (docs/api.md): the
 * suggested mapping with each column's class, confidence, reason and question, a dry run of an
 * edited mapping, and keeping it with the upload.
 */
import type { Said } from '@markpi/core';
import type { ColumnMapping } from '../lib/mapping-draft';
import { http } from './client';
import type { Cell as CellValue, Import } from './types';

export type { ColumnMapping, MappedColumn } from '../lib/mapping-draft';

/** A sentence of the importers, with its English and Chinese. */
export interface MappingMessage {
  key: string;
  params: Record<string, string | number | string[]>;
  en: string;
  zh: string;
}

export interface SuggestedColumn {
  header: string;
  index: number;
  class: string;
  field: string | null;
  confidence: number;
  sure: boolean;
  reason: MappingMessage;
  question?: MappingMessage;
  currency?: string;
  examples: string[];
}

export interface FileMappingSuggestion {
  file: string;
  headerRow: number;
  sampledRows: number;
  columns: SuggestedColumn[];
  questions: MappingMessage[];
  mapping: ColumnMapping;
  fields: string[];
}

export interface MappingSuggestion {
  files: FileMappingSuggestion[];
  current?: ColumnMapping;
}

export interface MappingPreviewTable {
  table: string;
  rows: Record<string, CellValue>[];
  rowCount: number;
  totals: Record<string, number>;
}

export interface MappingPreview {
  files: {
    file: string;
    status: string;
    rowsAccepted: number;
    rowsRejected: number;
    /** Each reason in English, with its message to say it in the dashboard's language. */
    rejected: { row: number; column: string | null; reason: string; said?: Said }[];
    tables: MappingPreviewTable[];
    error?: { code: string; message: string; said?: Said };
  }[];
}

const upload = (id: string, importId: string) =>
  `/api/workspaces/${encodeURIComponent(id)}/imports/${encodeURIComponent(importId)}`;

export const mappingApi = {
  suggestion: (id: string, importId: string, signal?: AbortSignal) =>
    http.get<MappingSuggestion>(`${upload(id, importId)}/mapping-suggestion`, undefined, signal),
  preview: (id: string, importId: string, mapping: ColumnMapping) =>
    http.post<MappingPreview>(`${upload(id, importId)}/mapping-preview`, { mapping }),
  save: (id: string, importId: string, mapping: ColumnMapping) =>
    http.put<{ import: Import }>(`${upload(id, importId)}/mapping`, { mapping }),
};
