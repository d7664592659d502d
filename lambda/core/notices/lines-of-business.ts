import type { AppealRights } from '../../engine';
import type { LineOfBusiness } from '../model/case';

/** The plan's name and phone, as every member notice gives them (PLAN_NAME, PLAN_PHONE). */
export type PlanContact = { name: string; phone: string };

/** Used locally and in tests when PLAN_NAME / PLAN_PHONE are not set (lambda/handlers/config.ts). */
export const DEFAULT_PLAN_CONTACT: PlanContact = { name: 'Example Health Plan', phone: '1-800-555-0100 (TTY 711)' };

/**
 * The statements a member notice must carry for Medicare Advantage, Medicaid and Exchange
 * members, in plain words. `{plan}` and `{phone}` are filled in from the plan's contact.
 */
const STATEMENTS = {
  languageAssistance:
    'Do you need help in another language? Do you need this letter in large print or braille? Call {plan} at {phone}. This help is free. ' +
    'Español: Si necesita ayuda en su idioma, llame al {phone}. La ayuda es gratis.',
  nonDiscrimination:
    '{plan} follows federal civil rights laws. We do not treat people differently because of race, color, national origin, age, disability, or sex. ' +
    'If you think we did, you can file a complaint with us or with the U.S. Office for Civil Rights.',
} as const;

/**
 * Appeal rights, timeframes and statements by line of business: data, read by every notice
 * (lambda/engine/notice/), never a branch in a template. Sources: ACA internal appeal and
 * external review (45 CFR 147.136) for commercial and Exchange plans; Medicare Advantage
 * reconsideration and the independent review entity (42 CFR 422.582, 422.592); Medicaid
 * managed care appeal and State fair hearing (42 CFR 438.402, 438.408).
 */
export const lineOfBusinessRights: Record<LineOfBusiness, AppealRights> = {
  COMMERCIAL: {
    planType: 'commercial health plan',
    appeal: { name: 'internal appeal', withinDays: 180, fastHours: 72 },
    nextLevel: { name: 'external review by an independent review organization', after: 'we say no to your internal appeal', withinMonths: 4, withinDays: null, automatic: false },
    statements: null,
  },
  EXCHANGE: {
    planType: 'Health Insurance Marketplace plan',
    appeal: { name: 'internal appeal', withinDays: 180, fastHours: 72 },
    nextLevel: { name: 'external review by an independent review organization', after: 'we say no to your internal appeal', withinMonths: 4, withinDays: null, automatic: false },
    statements: STATEMENTS,
  },
  MEDICARE_ADVANTAGE: {
    planType: 'Medicare Advantage plan',
    appeal: { name: 'reconsideration', withinDays: 65, fastHours: 72 },
    nextLevel: { name: 'review by the independent review entity', after: 'we say no to your reconsideration', withinMonths: null, withinDays: null, automatic: true },
    statements: STATEMENTS,
  },
  MEDICAID: {
    planType: 'Medicaid plan',
    appeal: { name: 'appeal', withinDays: 60, fastHours: 72 },
    nextLevel: { name: 'State fair hearing', after: 'we say no to your appeal', withinMonths: null, withinDays: 120, automatic: false },
    statements: STATEMENTS,
  },
};
