/** Findings and advice as results carry them: each with its sentence in both languages. */
import type { AdviceResult, Catalog, DiagnosisMessage, Finding } from '@markpi/core';
import { type Said, say } from './messages.js';

export type FindingPart = Finding & { text: Said['text'] };

export interface AdvicePart {
  rule: string;
  priority: number;
  kind: Finding['kind'];
  subject: string | null;
  /** Index of the finding the advice answers, in `findings`. */
  finding: number;
  message: DiagnosisMessage;
  text: Said['text'];
}

/** Tracking breaks first (no other number can be believed until they are fixed), then by how far short. */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  const severity = (finding: Finding): number => {
    switch (finding.kind) {
      case 'tracking_break':
        return Number.NEGATIVE_INFINITY;
      case 'weak_step':
      case 'low_exposure':
        return finding.judged.gap;
      case 'below_target':
        return finding.gap;
    }
  };
  return [...findings].sort((a, b) => severity(a) - severity(b));
}

export function findingParts(catalog: Catalog, findings: readonly Finding[]): FindingPart[] {
  return findings.map((finding) => ({ ...finding, text: say(catalog, finding.evidence).text }));
}

export function adviceParts(advised: AdviceResult, findings: readonly Finding[]): AdvicePart[] {
  return advised.advice.map((entry) => ({
    rule: entry.rule,
    priority: entry.priority,
    kind: entry.finding.kind,
    subject: entry.finding.subject,
    finding: findings.indexOf(entry.finding),
    message: entry.message,
    text: entry.text,
  }));
}
