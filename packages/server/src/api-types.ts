/**
 * The API's bodies as TypeScript types, inferred from the zod schemas in `schemas.ts`: what a
 * client receives (`z.output` of a response schema) and what it may send (`z.input` of a
 * request schema). Types only, exported as the `Api` namespace: importing them pulls no server
 * code into a client's bundle.
 */
import type { z } from 'zod';
import type * as notify from './notify/routes.js';
import type * as attribution from './routes/attribution.js';
import type * as diagnosis from './routes/diagnosis.js';
import type * as schemas from './schemas.js';

// ---- responses
export type ErrorBody = z.output<typeof schemas.errorBodySchema>;
export type Problem = z.output<typeof schemas.problemSchema>;
export type Role = z.output<typeof schemas.roleSchema>;
export type User = z.output<typeof schemas.userSchema>;
export type WorkspaceSummary = z.output<typeof schemas.workspaceSummarySchema>;
export type Session = z.output<typeof schemas.sessionResponseSchema>;
export type SessionList = z.output<typeof schemas.sessionListSchema>;
export type AccountWithMemberships = z.output<typeof schemas.userWithMembershipsSchema>;
export type Workspace = z.output<typeof schemas.workspaceDetailSchema>;
export type Member = z.output<typeof schemas.memberSchema>;
export type Catalog = z.output<typeof schemas.catalogSchema>;
export type CatalogKpi = Catalog['kpis'][number];
export type FormulaCheck = z.output<typeof schemas.formulaCheckSchema>;
export type QueryResult = z.output<typeof schemas.queryResultSchema>;
export type ResultColumn = z.output<typeof schemas.columnSchema>;
export type Overview = z.output<typeof schemas.overviewSchema>;
export type Comparison = z.output<typeof schemas.comparisonSchema>;
export type { ComparisonTable } from './schemas.js';
export type TargetVersion = z.output<typeof schemas.targetVersionSchema>;
export type TargetList = z.output<typeof schemas.targetListSchema>;
export type SavedTarget = z.output<typeof schemas.savedTargetSchema>;
export type Pace = z.output<typeof schemas.paceSchema>;
export type PaceSummary = z.output<typeof schemas.paceSummarySchema>;
export type Breakdown = z.output<typeof schemas.breakdownSchema>;
export type TargetCheck = z.output<typeof schemas.targetCheckSchema>;
export type TargetSuggestion = z.output<typeof schemas.suggestionSchema>;
export type ScorecardTemplateList = z.output<typeof schemas.scorecardTemplateListSchema>;
export type ScorecardResult = z.output<typeof schemas.scorecardResultSchema>;
export type BulkTargetResult = z.output<typeof schemas.bulkTargetResultSchema>;
export type ShareLink = z.output<typeof schemas.shareLinkSchema>;
export type ShareInfo = z.output<typeof schemas.shareInfoSchema>;
export type AuditEntry = z.output<typeof schemas.auditEntrySchema>;
export type Import = z.output<typeof schemas.importSchema>;
export type ChangeExplanation = z.output<typeof diagnosis.changeExplanationSchema>;
export type WeakestLink = z.output<typeof diagnosis.weakestLinkSchema>;
export type Inbox = z.output<typeof notify.inboxSchema>;
export type NotificationSettingsView = z.output<typeof notify.settingsViewSchema>;
export type Deliveries = z.output<typeof notify.deliverySchema>;

export type WorkspaceAttribution = z.output<typeof attribution.attributionReportSchema>;
export type CreatorRoi = z.output<typeof attribution.creatorRoiSchema>;
export type AttributionRefresh = z.output<typeof attribution.refreshSummarySchema>;

// ---- requests
export type KpiQuery = z.input<typeof schemas.kpiQuerySchema>;
export type SaveKpiBody = z.input<typeof schemas.saveKpiBodySchema>;
export type CreateTargetBody = z.input<typeof schemas.createTargetBodySchema>;
export type BulkTargetBody = z.input<typeof schemas.bulkTargetBodySchema>;
export type UpdateTargetBody = z.input<typeof schemas.updateTargetBodySchema>;
