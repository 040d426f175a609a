import { z } from 'zod';

/** The risk score's points per indicator, its thresholds, and how many people make a group dispute. */
function riskSettings(object: typeof z.object | typeof z.strictObject, bounds: { points: z.ZodNumber; threshold: z.ZodNumber; people: z.ZodNumber }) {
  const { points, threshold, people } = bounds;
  return object({
    points: object({
      wageArrears: points,
      amountPerTenThousandYuan: points,
      amountMaxPoints: points,
      peoplePerPerson: points,
      peopleMaxPoints: points,
      enterpriseMovingOrClosing: points,
      repeatDisputePerCase: points,
      repeatMaxPoints: points,
      socialInsuranceArrears: points,
      priorEscalation: points,
    }),
    thresholds: object({ yellow: threshold, red: threshold }),
    groupDisputePeople: people,
  });
}

/** dispute.settings: as stored (a setting saved under other bounds is still read). */
const count = z.number().int();
export const getDisputeSettingsOutput = z.object({ risk: riskSettings(z.object, { points: count, threshold: count, people: count }) });
export type DisputeSettings = z.infer<typeof getDisputeSettingsOutput>;

/** dispute.updateSettings: every open dispute is scored again at once. */
export const updateDisputeSettingsInput = z
  .object({
    risk: riskSettings(z.strictObject, {
      points: z.number().int().min(0).max(100),
      threshold: z.number().int().min(0).max(1000),
      people: z.number().int().min(2).max(10000),
    }),
  })
  .strict();
export type UpdateDisputeSettingsInput = z.infer<typeof updateDisputeSettingsInput>;
export const updateDisputeSettingsOutput = z.object({ rescored: z.number().int() });
