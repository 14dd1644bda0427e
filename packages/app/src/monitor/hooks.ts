/**
 * The monitor plugged into the delivery's hooks (`notify/ports.ts`): a scheduled run returns the
 * incidents people are to be told about now (new, reopened or more severe, and current), and a
 * digest lists the incidents still open. Titles and lines travel said in both languages, so the
 * delivery needs no table of the monitor's own.
 */
import type { DigestIncident, NotifyMessage } from '@markpi/core';
import type { MonitorHooks, MonitorIncident, NotifyWorkspace } from '../notify/ports.js';
import type { Incident } from './incidents.js';
import type { Said } from './messages.js';
import { runMonitor, storedIncidents } from './run.js';

const bilingual = (said: Said): NotifyMessage => ({
  key: 'notify.text.bilingual',
  params: { en: said.text.en, zh: said.text.zh },
});

/** The dashboard page of an incident. */
export const incidentLink = (workspaceId: string, incidentId: string) =>
  `/workspaces/${encodeURIComponent(workspaceId)}/incidents/${encodeURIComponent(incidentId)}`;

export function notifiedIncident(workspace: NotifyWorkspace, incident: Incident): MonitorIncident {
  return {
    id: incident.id,
    severity: incident.severity,
    title: bilingual(incident.title),
    lines: [...incident.lines, ...incident.drivers].map(bilingual),
    link: incidentLink(workspace.id, incident.id),
    openedAt: incident.openedAt,
  };
}

export const MONITOR_HOOKS: MonitorHooks = {
  async runMonitor(workspace, context) {
    const run = await runMonitor(context);
    return run.notify.map((incident) => notifiedIncident(workspace, incident));
  },
  async openIncidents(_workspace, context): Promise<DigestIncident[]> {
    const incidents = await storedIncidents(context, context.now());
    return incidents
      .filter((incident) => incident.state === 'open' || incident.state === 'acknowledged')
      .map((incident) => ({
        id: incident.id,
        severity: incident.severity,
        title: bilingual(incident.title),
        openedAt: incident.openedAt,
      }));
  },
  sayers: [],
};
