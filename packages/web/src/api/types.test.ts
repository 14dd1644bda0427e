/**
 * The wire types of `types.ts` against the server's own, inferred from its zod schemas. The app
 * may not import the server (docs/ARCHITECTURE.md), so it declares what the server composes;
 * this test, which may, fails the type check when the two drift apart. The assertions are all
 * at the type level: `tsc -b` is what checks them.
 */
import { COMPARISON_TABLES as CORE_COMPARISON_TABLES } from '@markpi/core';
import type { Api } from '@markpi/server';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as Web from './types';
import { COMPARISON_TABLES } from './types';

/**
 * A type's members spelled out one level deep: zod's inferred objects and the interfaces here
 * are never *identical* types to TypeScript, even with the same members, until both are mapped.
 */
type Flat<T> = { [K in keyof T]: T[K] };

describe('the web client’s wire types', () => {
  it('are the server’s responses', () => {
    expectTypeOf<Flat<Web.ErrorBody>>().toEqualTypeOf<Flat<Api.ErrorBody>>();
    expectTypeOf<Flat<Web.Problem>>().toEqualTypeOf<Flat<Api.Problem>>();
    expectTypeOf<Flat<Web.Role>>().toEqualTypeOf<Flat<Api.Role>>();
    expectTypeOf<Flat<Web.User>>().toEqualTypeOf<Flat<Api.User>>();
    expectTypeOf<Flat<Web.WorkspaceSummary>>().toEqualTypeOf<Flat<Api.WorkspaceSummary>>();
    expectTypeOf<Flat<Web.Session>>().toEqualTypeOf<Flat<Api.Session>>();
    expectTypeOf<Flat<Web.SessionList>>().toEqualTypeOf<Flat<Api.SessionList>>();
    expectTypeOf<Flat<Web.AccountWithMemberships>>().toEqualTypeOf<Flat<Api.AccountWithMemberships>>();
    expectTypeOf<Flat<Web.Workspace>>().toEqualTypeOf<Flat<Api.Workspace>>();
    expectTypeOf<Flat<Web.Member>>().toEqualTypeOf<Flat<Api.Member>>();
    expectTypeOf<Flat<Web.Catalog>>().toEqualTypeOf<Flat<Api.Catalog>>();
    expectTypeOf<Flat<Web.CatalogKpi>>().toEqualTypeOf<Flat<Api.CatalogKpi>>();
    // Core's analytics types are what its schemas accept; the server sends what they put out.
    expectTypeOf<Flat<Web.FormulaCheck>>().toEqualTypeOf<Flat<Api.FormulaCheck>>();
    expectTypeOf<Flat<Web.QueryResult>>().toEqualTypeOf<Flat<Api.QueryResult>>();
    expectTypeOf<Flat<Web.ResultColumn>>().toEqualTypeOf<Flat<Api.ResultColumn>>();
    expectTypeOf<Flat<Web.Overview>>().toEqualTypeOf<Flat<Api.Overview>>();
    expectTypeOf<Flat<Web.Comparison>>().toEqualTypeOf<Flat<Api.Comparison>>();
    expectTypeOf<Flat<Web.TargetVersion>>().toEqualTypeOf<Flat<Api.TargetVersion>>();
    expectTypeOf<Flat<Web.TargetListItem>>().toEqualTypeOf<Flat<Api.TargetList['targets'][number]>>();
    expectTypeOf<Flat<Web.SavedTarget>>().toEqualTypeOf<Flat<Api.SavedTarget>>();
    expectTypeOf<Flat<Web.Pace>>().toEqualTypeOf<Flat<Api.Pace>>();
    expectTypeOf<Flat<Web.PaceSummary>>().toEqualTypeOf<Flat<Api.PaceSummary>>();
    expectTypeOf<Flat<Web.Breakdown>>().toEqualTypeOf<Flat<Api.Breakdown>>();
    expectTypeOf<Flat<Web.TargetCheck>>().toEqualTypeOf<Flat<Api.TargetCheck>>();
    expectTypeOf<Flat<Web.TargetSuggestion>>().toEqualTypeOf<Flat<Api.TargetSuggestion>>();
    expectTypeOf<Flat<Web.ListedScorecardTemplate>>().toEqualTypeOf<
      Flat<Api.ScorecardTemplateList['templates'][number]>
    >();
    expectTypeOf<Flat<Web.ScorecardResult>>().toEqualTypeOf<Flat<Api.ScorecardResult>>();
    expectTypeOf<Flat<Web.BulkTargetResult>>().toEqualTypeOf<Flat<Api.BulkTargetResult>>();
    expectTypeOf<Flat<Web.ShareLink>>().toEqualTypeOf<Flat<Api.ShareLink>>();
    expectTypeOf<Flat<Web.ShareInfo>>().toEqualTypeOf<Flat<Api.ShareInfo>>();
    expectTypeOf<Flat<Web.AuditEntry>>().toEqualTypeOf<Flat<Api.AuditEntry>>();
    expectTypeOf<Flat<Web.Import>>().toEqualTypeOf<Flat<Api.Import>>();
    expectTypeOf<Flat<Web.Inbox>>().toEqualTypeOf<Flat<Api.Inbox>>();
    expectTypeOf<Flat<Web.NotificationSettingsView>>().toEqualTypeOf<Flat<Api.NotificationSettingsView>>();
    expectTypeOf<Flat<Web.Delivery>>().toEqualTypeOf<Flat<Api.Deliveries['deliveries'][number]>>();
  });

  it('read every diagnosis answer the server sends', () => {
    // The server's schema spells diagnosis messages out five levels deep (JSON schemas don't
    // recurse); the web reads core's recursive message, which holds every one of them.
    expectTypeOf<Api.ChangeExplanation>().toExtend<Web.ChangeExplanation>();
    expectTypeOf<Api.WeakestLink>().toExtend<Web.WeakestLink>();
    expectTypeOf<keyof Api.ChangeExplanation>().toEqualTypeOf<keyof Web.ChangeExplanation>();
    expectTypeOf<keyof Api.WeakestLink>().toEqualTypeOf<keyof Web.WeakestLink>();
    type Drivers<T extends { segments: { drivers: unknown[] } | null }> = NonNullable<
      T['segments']
    >['drivers'][number];
    expectTypeOf<keyof Drivers<Api.ChangeExplanation>>().toEqualTypeOf<
      keyof Drivers<Web.ChangeExplanation>
    >();
  });

  it('are what the server accepts', () => {
    expectTypeOf<Flat<Web.KpiQuery>>().toEqualTypeOf<Flat<Api.KpiQuery>>();
    expectTypeOf<Flat<Web.KpiDefinition>>().toEqualTypeOf<Flat<Api.SaveKpiBody>>();
    expectTypeOf<Flat<Web.TargetCreateRequest>>().toEqualTypeOf<Flat<Api.CreateTargetBody>>();
    expectTypeOf<Flat<Web.BulkTargetRequest>>().toEqualTypeOf<Flat<Api.BulkTargetBody>>();
    expectTypeOf<Flat<Web.TargetUpdateRequest>>().toEqualTypeOf<Flat<Api.UpdateTargetBody>>();
  });

  it('list the comparison tables core lists, in its order', () => {
    expect(COMPARISON_TABLES).toEqual(CORE_COMPARISON_TABLES);
  });
});
