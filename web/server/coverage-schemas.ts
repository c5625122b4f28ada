/** The planner's API (inspection coverage and policy) as zod schemas: requests are validated by them, openapi.ts documents them. */
import { z } from "zod";
import { COVERAGE_STATUSES, MAX_INTERVAL_DAYS, MIN_INTERVAL_DAYS } from "../../pipeline/coverage/policy.js";
import { positionSchema } from "../dispatch/selection.js";
import { roadsQuerySchema } from "./api-schemas.js";

/** The whole network at low zoom stays under this; a larger answer is cut, never sent in full. */
export const MAX_COVERAGE_SEGMENTS = 20_000;

const at = z.iso.date().optional().describe("the day to judge on, YYYY-MM-DD; default: today in the server's time zone (TZ)");

export const coverageQuerySchema = z.object({ at });

export const coverageSegmentsQuerySchema = z.object({ bbox: roadsQuerySchema.shape.bbox, at });

export const policyBodySchema = z.object({
  roadClass: z.string().trim().min(1).max(200).describe("as the network's class field has it, e.g. \"Off. kommunevej\""),
  requiredIntervalDays: z
    .int()
    .min(MIN_INTERVAL_DAYS)
    .max(MAX_INTERVAL_DAYS)
    .nullable()
    .describe("null removes the planner's interval: the configured default (if any) applies again"),
});

// ---- responses ----

const calendarDate = z.string().describe("YYYY-MM-DD");
const roadClass = z.string().nullable().describe("the network's class field (e.g. the road authority); null: the line had none");
const requiredIntervalDays = z.number().int().nullable().describe("null: no policy for the class");

export const coverageSummarySchema = z.object({
  at: calendarDate,
  classes: z.array(
    z.object({
      roadClass,
      requiredIntervalDays,
      lengthKm: z.number(),
      withinPolicyKm: z.number().describe("inspected within the interval: ok and due soon; without a policy, inspected at all"),
      withinPolicyPercent: z.number(),
      dueSoonKm: z.number(),
      overdueKm: z.number(),
      neverKm: z.number(),
    }),
  ),
  weekly: z
    .array(z.object({ weekStart: calendarDate.describe("a Monday"), inspectedKm: z.number() }))
    .describe("the last 12 weeks, oldest first: length of the distinct segments inspected in each"),
  roads: z
    .array(
      z.object({
        roadName: z.string().describe("the road's name, or # and its feature id in the imported file when it has none"),
        roadClass,
        lengthKm: z.number(),
        defects: z.number().int().describe("open and assigned defects on the road"),
        defectsPerKm: z.number(),
      }),
    )
    .describe("at most 50 roads of 0.1 km or more with defects, most defects per km first"),
});

export const coverageSegmentCollectionSchema = z.object({
  type: z.literal("FeatureCollection"),
  features: z.array(
    z.object({
      type: z.literal("Feature"),
      id: z.number().int(),
      geometry: z.object({ type: z.literal("LineString"), coordinates: z.array(positionSchema) }),
      properties: z.object({
        id: z.number().int().describe("the segment's id; it survives importing the same road again"),
        roadName: z.string().describe("the road's name, or # and its feature id in the imported file when it has none"),
        roadClass,
        lastInspected: calendarDate.nullable().describe("the last day on or before `at` it was inspected; null: never"),
        requiredIntervalDays,
        status: z
          .enum(COVERAGE_STATUSES)
          .describe("ok; due-soon: due within 7 days; overdue: last inspected longer ago than the interval; never: not inspected"),
      }),
    }),
  ),
});

export const policySchema = z.object({
  intervals: z.array(
    z.object({
      roadClass: z.string(),
      requiredIntervalDays: z.number().int(),
      source: z.enum(["config", "planner"]).describe("config: ROADWATCH_COVERAGE_POLICY; planner: set through PUT /api/policy"),
    }),
  ),
});

export type CoverageSegmentCollection = z.infer<typeof coverageSegmentCollectionSchema>;
