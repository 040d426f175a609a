import type { Priority } from '../work-items/sla.ts';

/**
 * A finding's tier (红 / 黄 / 蓝) is its urgency. It is stored as the item's priority, so the
 * deadline is the tenant's SLA policy for patrol at that priority (DESIGN §3: red 2 h, yellow
 * 24 h, blue 72 h by default — on the wall clock unless the tenant sets working time for a tier
 * on the SLA settings page; see ADR 015).
 */
export const patrolTiers = ['red', 'yellow', 'blue'] as const;
export type PatrolTier = (typeof patrolTiers)[number];

export const tierPriority = {
  red: 'urgent',
  yellow: 'normal',
  blue: 'low',
} as const satisfies Record<PatrolTier, Priority>;

const tierOf: Record<Priority, PatrolTier> = { urgent: 'red', normal: 'yellow', low: 'blue' };

/** The tier a patrol item's priority stands for. */
export function tierOfPriority(priority: Priority): PatrolTier {
  return tierOf[priority];
}

/**
 * Where a finding came from: staff on a walk (or a round), the product's own rules (自动发现),
 * or an external system through the intake endpoint (一网统管 feeds, sensors).
 */
export const patrolSources = ['staff', 'automatic', 'external'] as const;
export type PatrolSource = (typeof patrolSources)[number];
