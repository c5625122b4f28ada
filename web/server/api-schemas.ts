/**
 * The HTTP API's shapes as zod schemas: requests are validated with them, responses are typed by them, and the
 * OpenAPI document (openapi.ts) is generated from them, so the three cannot drift apart.
 */
import { z } from "zod";
import { DEFECT_STATUSES } from "../../pipeline/defects/defect.js";
import type { SeverityLevel } from "../../pipeline/defects/severity.js";
import type { DefectFilters } from "../../pipeline/storage/defect-search-repository.js";
import { positionSchema, selectionSchema } from "../dispatch/selection.js";

const MAX_DEFECTS_PER_PAGE = 5000;
const DEFAULT_DEFECTS_PER_PAGE = 1000;
export const MAX_EXPORT_DEFECTS = 50_000;
const MAX_WORK_ORDERS_PER_PAGE = 100;
export const MAX_PREVIEW_IDS = 5000;

/**
 * How far a defect may lie from a road's centre line and still be on it: half a wide road's carriageway, plus phone
 * GPS error (5-10 m) and the error of placing the damage on the ground from the photo (a few metres).
 */
export const MAX_ROAD_DISTANCE_METERS = 25;

const WORK_ORDER_STATUSES = ["sent", "in_progress", "done"] as const;
const OUTCOMES = ["repaired", "not_found"] as const;
const LANGUAGES = ["da", "en"] as const;

export const SEVERITY_LEVELS = [1, 2, 3] as const satisfies readonly SeverityLevel[];
const severityLevel = z.literal(SEVERITY_LEVELS);
const classId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "a class id such as D40");
const calendarDate = z.iso.date();
/** a date is the whole UTC day; a date-time is that instant */
const dateOrTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const id = z.coerce.number().int().positive();

/** "a,b,c" in a query string; an empty value is no filter */
function commaList<T extends z.ZodType<unknown, string>>(item: T) {
  return z
    .string()
    .transform((text) => text.split(",").map((part) => part.trim()).filter((part) => part.length > 0))
    .pipe(z.array(item));
}

const bbox = z
  .string()
  .transform((text) => text.split(",").map((part) => Number(part.trim())))
  .pipe(
    z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)], {
      error: "expected west,south,east,north in decimal degrees",
    }),
  )
  .refine(([west, , east]) => west < east, "west must be less than east")
  .refine(([, south, , north]) => south < north, "south must be less than north")
  .transform(([minLon, minLat, maxLon, maxLat]) => ({ minLat, minLon, maxLat, maxLon }));

const filterQueryFields = {
  severity: commaList(z.enum(["1", "2", "3"]).transform((level) => Number(level) as SeverityLevel)).optional(),
  class: commaList(classId).optional(),
  status: commaList(z.enum(DEFECT_STATUSES)).optional(),
  from: dateOrTime.optional(),
  to: dateOrTime.optional(),
  team: id.optional(),
};

/** GET /api/defects; without a bbox the whole map, which the page limit still bounds */
export const defectsQuerySchema = z.object({
  bbox: bbox.optional(),
  ...filterQueryFields,
  limit: z.coerce.number().int().min(1).max(MAX_DEFECTS_PER_PAGE).default(DEFAULT_DEFECTS_PER_PAGE),
  offset: z.coerce.number().int().min(0).default(0),
});

/** GET /api/roads: the road lines are only ever asked for around the view */
export const roadsQuerySchema = z.object({ bbox });

export const exportQuerySchema = z.object({
  bbox: bbox.optional(),
  ...filterQueryFields,
  limit: z.coerce.number().int().min(1).max(MAX_EXPORT_DEFECTS).default(MAX_EXPORT_DEFECTS),
  offset: z.coerce.number().int().min(0).default(0),
});

/** The map's filters as the page sends them in a body; an empty list or null is no filter. */
export const filtersBodySchema = z.object({
  severity: z.array(severityLevel).optional(),
  class: z.union([classId, z.array(classId)]).nullable().optional(),
  status: z.array(z.enum(DEFECT_STATUSES)).optional(),
  teamId: z.number().int().positive().nullable().optional(),
  from: dateOrTime.nullable().optional(),
  to: dateOrTime.nullable().optional(),
});

export const selectionPreviewBodySchema = z.object({
  selection: selectionSchema,
  filters: filtersBodySchema.default({}),
});

export const exportBodySchema = z.object({
  selection: selectionSchema,
  filters: filtersBodySchema.default({}),
});

export const newWorkOrderBodySchema = z.object({
  selection: selectionSchema,
  filters: filtersBodySchema.default({}),
  teamId: z.number().int().positive(),
  note: z.string().max(2000).nullable().default(null),
  dueDate: calendarDate.nullable().default(null),
});

export const workOrderListQuerySchema = z.object({
  team: id.optional(),
  status: commaList(z.enum(WORK_ORDER_STATUSES)).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_WORK_ORDERS_PER_PAGE).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const workOrderPatchSchema = z.object({ status: z.enum(WORK_ORDER_STATUSES) });

/** JSON form of a crew's report; the printed page posts the same fields as multipart/form-data with the photo as a file. */
export const outcomeBodySchema = z.object({
  outcome: z.enum(OUTCOMES),
  /** JPEG, PNG or WebP, base64 (a data: URL is fine) */
  photo: z.string().max(20_000_000).nullable().optional(),
});

const email = z.email();

export const newTeamSchema = z.object({
  name: z.string().trim().min(1).max(200),
  emails: z.array(email).min(1).max(50),
  language: z.enum(LANGUAGES).default("da"),
});

export const teamPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    emails: z.array(email).min(1).max(50),
    language: z.enum(LANGUAGES),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "give at least one of name, emails, language");

export const idParamsSchema = z.object({ id });
export const outcomeParamsSchema = z.object({ id, defectId: id });

// ---- responses ----

export const errorSchema = z.object({
  error: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

const defectPropertiesSchema = z.object({
  id: z.number().int(),
  class: z.string(),
  labelDa: z.string(),
  labelEn: z.string(),
  severity: severityLevel,
  status: z.enum(DEFECT_STATUSES),
  firstSeen: z.string().describe("ISO 8601"),
  lastSeen: z.string().describe("ISO 8601"),
  observationCount: z.number().int(),
  widthMeters: z.number().nullable(),
  thumbnailUrl: z.string().nullable(),
});

const pointSchema = z.object({ type: z.literal("Point"), coordinates: positionSchema });

export const defectFeatureSchema = z.object({
  type: z.literal("Feature"),
  id: z.number().int(),
  geometry: pointSchema,
  properties: defectPropertiesSchema,
});

export const defectCollectionSchema = z.object({
  type: z.literal("FeatureCollection"),
  features: z.array(defectFeatureSchema),
  numberMatched: z.number().int().describe("defects matching the query in all pages"),
  numberReturned: z.number().int(),
  nextOffset: z.number().int().nullable().describe("offset of the next page; null on the last"),
});

export const roadCollectionSchema = z.object({
  type: z.literal("FeatureCollection"),
  features: z.array(
    z.object({
      type: z.literal("Feature"),
      id: z.number().int().describe("the feature's id in the road network file; a multi-part road repeats it"),
      geometry: z.object({ type: z.literal("LineString"), coordinates: z.array(positionSchema) }),
      properties: z.object({
        id: z.number().int(),
        roadClass: z.string().nullable().describe("the network's class field (ROADWATCH_ROADS_CLASS_FIELD), e.g. the road authority"),
      }),
    }),
  ),
});

const pixelBox = z.tuple([z.number(), z.number(), z.number(), z.number()]).describe("[x1, y1, x2, y2] in the photo's pixels");

const observationSchema = z.object({
  time: z.string().describe("ISO 8601"),
  score: z.number(),
  widthMeters: z.number().nullable(),
  box: pixelBox,
  photoUrl: z.string().nullable(),
});

export const defectDetailsSchema = defectPropertiesSchema.extend({
  lat: z.number(),
  lon: z.number(),
  severityReasons: z.array(z.object({ code: z.string(), text: z.string() })),
  photoUrl: z.string().nullable(),
  cropUrl: z.string().nullable(),
  box: pixelBox.nullable().describe("the damage on photoUrl"),
  observations: z.array(observationSchema),
  workOrders: z.array(
    z.object({
      id: z.number().int(),
      number: z.string(),
      teamId: z.number().int(),
      status: z.enum(WORK_ORDER_STATUSES),
      outcome: z.enum(OUTCOMES).nullable(),
    }),
  ),
  road: z
    .object({
      id: z.number().int().describe("the road's feature id in the road network file"),
      roadClass: z.string().nullable().describe("the network's class field, e.g. the road authority"),
      distanceMeters: z.number().describe("from the defect to the road's centre line"),
    })
    .nullable()
    .describe(`the nearest road within ${MAX_ROAD_DISTANCE_METERS} m; null when none is, or no road network is configured`),
});

export const teamSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  emails: z.array(z.string()),
  language: z.enum(LANGUAGES),
});

export const selectionPreviewSchema = z.object({
  count: z.number().int().describe("defects inside the selection"),
  ids: z.array(z.number().int()).describe(`the first ${MAX_PREVIEW_IDS} of them, by id`),
});

export const workOrderSchema = z.object({
  id: z.number().int(),
  number: z.string().describe("e.g. AO-2026-0001"),
  teamId: z.number().int(),
  note: z.string().nullable(),
  dueDate: z.string().nullable().describe("YYYY-MM-DD"),
  status: z.enum(WORK_ORDER_STATUSES),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  sendStatus: z
    .enum(["pending", "retrying", "sent", "failed"])
    .describe("pending: not tried yet; retrying: an attempt failed, another follows; failed: given up"),
  sendAttempts: z.number().int(),
  lastSendError: z.string().nullable(),
  nextSendAttemptAt: z.string().nullable(),
  defectCount: z.number().int(),
  printUrl: z.string(),
});

const workOrderStopSchema = z.object({
  position: z.number().int(),
  outcome: z.enum(OUTCOMES).nullable(),
  outcomePhotoUrl: z.string().nullable(),
  defect: defectPropertiesSchema.extend({ lat: z.number(), lon: z.number() }),
});

export const workOrderDetailsSchema = workOrderSchema.extend({
  team: teamSchema,
  defectIds: z.array(z.number().int()).describe("in route order"),
  routeLengthMeters: z.number().describe("straight-line length of the route from the depot (when configured) through the stops"),
  stops: z.array(workOrderStopSchema),
});

export const mapConfigSchema = z.object({
  basemapStyleUrl: z
    .string()
    .nullable()
    .describe("a MapLibre style URL (setting ROADWATCH_BASEMAP_STYLE); null: the page's built-in OpenStreetMap raster style"),
  classes: z
    .array(z.object({ id: z.string(), da: z.string(), en: z.string() }))
    .describe("the damage model's classes with their Danish and English names; empty when its manifest cannot be read"),
  severityLevels: z.array(severityLevel).describe("1 monitor, 2 plan, 3 urgent"),
  version: z.string().describe("roadwatch's version"),
});

/** One page of a long list, with where it starts and how many there are in all. */
export function pageSchema<Item extends z.ZodType>(items: z.ZodArray<Item>) {
  return z.object({ items, total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}

export const workOrderPageSchema = pageSchema(z.array(workOrderSchema));

export type DefectProperties = z.infer<typeof defectPropertiesSchema>;
export type DefectFeature = z.infer<typeof defectFeatureSchema>;
export type DefectCollection = z.infer<typeof defectCollectionSchema>;
export type DefectDetails = z.infer<typeof defectDetailsSchema>;
export type TeamView = z.infer<typeof teamSchema>;
export type WorkOrderView = z.infer<typeof workOrderSchema>;
export type WorkOrderDetails = z.infer<typeof workOrderDetailsSchema>;
export type MapConfig = z.infer<typeof mapConfigSchema>;
export type ApiError = z.infer<typeof errorSchema>;

type FilterFields = z.infer<z.ZodObject<typeof filterQueryFields>>;

/** The query string's filters as the repositories take them. */
export function filtersFromQuery(query: FilterFields): DefectFilters {
  return {
    severities: nonEmpty(query.severity),
    classIds: nonEmpty(query.class),
    statuses: nonEmpty(query.status),
    seenFromMs: query.from === undefined ? undefined : startMs(query.from),
    seenToMs: query.to === undefined ? undefined : endMs(query.to),
    teamId: query.team,
  };
}

export function filtersFromBody(body: z.infer<typeof filtersBodySchema>): DefectFilters {
  const classes = typeof body.class === "string" ? [body.class] : (body.class ?? undefined);
  const from = body.from ?? undefined;
  const to = body.to ?? undefined;
  return {
    severities: nonEmpty(body.severity),
    classIds: nonEmpty(classes),
    statuses: nonEmpty(body.status),
    seenFromMs: from === undefined ? undefined : startMs(from),
    seenToMs: to === undefined ? undefined : endMs(to),
    teamId: body.teamId ?? undefined,
  };
}

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list === undefined || list.length === 0 ? undefined : list;
}

const DAY_MS = 86_400_000;

function isDateOnly(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text);
}

function startMs(text: string): number {
  return Date.parse(isDateOnly(text) ? `${text}T00:00:00Z` : text);
}

/** A date includes its whole day. */
function endMs(text: string): number {
  return isDateOnly(text) ? Date.parse(`${text}T00:00:00Z`) + DAY_MS - 1 : Date.parse(text);
}
