/** The API's OpenAPI 3.1 description, served at /api/openapi.json, generated from the schemas the server validates with. */
import { z } from "zod";
import { selectionSchema } from "../dispatch/selection.js";
import {
  defectCollectionSchema,
  defectDetailsSchema,
  defectFeatureSchema,
  defectsQuerySchema,
  errorSchema,
  exportBodySchema,
  exportQuerySchema,
  filtersBodySchema,
  mapConfigSchema,
  newTeamSchema,
  newWorkOrderBodySchema,
  outcomeBodySchema,
  roadCollectionSchema,
  roadsQuerySchema,
  selectionPreviewBodySchema,
  selectionPreviewSchema,
  teamPatchSchema,
  teamSchema,
  workOrderDetailsSchema,
  workOrderListQuerySchema,
  workOrderPageSchema,
  workOrderPatchSchema,
  workOrderSchema,
} from "./api-schemas.js";

type JsonSchema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: "query" | "path";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

interface Content {
  [mediaType: string]: { schema: JsonSchema };
}

interface Operation {
  summary: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Content };
  responses: Record<string, { description: string; content?: Content; headers?: Record<string, { schema: JsonSchema; description: string }> }>;
}

type PathItem = Partial<Record<"get" | "post" | "patch", Operation>>;

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, JsonSchema> };
}

const COMPONENTS = {
  Error: errorSchema,
  Selection: selectionSchema,
  Filters: filtersBodySchema,
  DefectFeature: defectFeatureSchema,
  DefectCollection: defectCollectionSchema,
  DefectDetails: defectDetailsSchema,
  SelectionPreview: selectionPreviewSchema,
  Team: teamSchema,
  WorkOrder: workOrderSchema,
  WorkOrderDetails: workOrderDetailsSchema,
  WorkOrderPage: workOrderPageSchema,
  MapConfig: mapConfigSchema,
  RoadCollection: roadCollectionSchema,
};

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const generated = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  // OpenAPI 3.1 already declares the JSON Schema dialect for the whole document
  delete generated.$schema;
  return generated;
}

function ref(name: keyof typeof COMPONENTS): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

function json(schema: JsonSchema): Content {
  return { "application/json": { schema } };
}

function body(schema: z.ZodType): { required: true; content: Content } {
  return { required: true, content: json(jsonSchema(schema, "input")) };
}

/** One query parameter per field of the schema; a field that accepts a missing value is optional. */
function queryParameters(schema: z.ZodObject, descriptions: Record<string, string> = {}): Parameter[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: "query",
    required: !(field as z.ZodType).safeParse(undefined).success,
    ...(descriptions[name] === undefined ? {} : { description: descriptions[name] }),
    schema: jsonSchema(field as z.ZodType, "input"),
  }));
}

function pathIds(...names: string[]): Parameter[] {
  return names.map((name) => ({ name, in: "path", required: true, schema: { type: "integer", minimum: 1 } }));
}

const FILTER_DESCRIPTIONS: Record<string, string> = {
  bbox: "west,south,east,north in degrees (WGS84); without it, the whole map a page at a time",
  severity: "comma-separated levels 1–3",
  class: "comma-separated damage class ids, e.g. D40,D20",
  status: "comma-separated defect statuses",
  from: "seen on or after: a date (the whole UTC day) or an ISO 8601 date-time",
  to: "seen on or before: a date (the whole UTC day) or an ISO 8601 date-time",
  team: "only defects on a work order of this team",
};

const problem = (description: string) => ({ description, content: json(ref("Error")) });
const badRequest = problem("invalid request: `details` names each problem and where it is");
const notFound = problem("no such resource");

const exportResponses = {
  geojson: {
    "200": {
      description: "a GeoJSON FeatureCollection of the defects",
      content: { "application/geo+json": { schema: ref("DefectCollection") } },
      headers: { "X-Total-Count": { schema: { type: "integer" }, description: "defects matching in all" } },
    },
    "400": badRequest,
  },
  csv: {
    "200": {
      description: "one row per defect, with a header row",
      content: { "text/csv": { schema: { type: "string" } } },
      headers: { "X-Total-Count": { schema: { type: "integer" }, description: "defects matching in all" } },
    },
    "400": badRequest,
  },
};

export function openApiDocument(version: string): OpenApiDocument {
  return {
    openapi: "3.1.0",
    info: {
      title: "roadwatch",
      version,
      description:
        "The foreman's map: road defects found by the nightly pipeline, work orders for crews, and the crews' reports. " +
        "Errors are JSON { error, details }. Every list is bounded: a page limit, and a bbox or a drawn selection.",
    },
    paths: {
      "/api/config": {
        get: {
          summary: "What the map page needs to start: its basemap, the damage classes and the severity levels",
          description:
            "basemapStyleUrl is the setting ROADWATCH_BASEMAP_STYLE, the URL of a MapLibre style such as the municipality's " +
            "own tile server; unset, it is null and the page draws OpenStreetMap's raster tiles.",
          responses: { "200": { description: "the map settings", content: json(ref("MapConfig")) } },
        },
      },
      "/api/defects": {
        get: {
          summary: "Defects in an area, filtered, most severe first",
          parameters: queryParameters(defectsQuerySchema, FILTER_DESCRIPTIONS),
          responses: { "200": { description: "a page of defects", content: json(ref("DefectCollection")) }, "400": badRequest },
        },
      },
      "/api/roads": {
        get: {
          summary: "The road network's lines meeting an area, for the map's background",
          description:
            "The lines of the file ROADWATCH_ROADS in WGS84, at most 20,000; with no road network configured, an empty collection.",
          parameters: queryParameters(roadsQuerySchema, { bbox: "west,south,east,north in degrees (WGS84)" }),
          responses: { "200": { description: "road lines", content: json(ref("RoadCollection")) }, "400": badRequest },
        },
      },
      "/api/defects/{id}": {
        get: {
          summary: "One defect with its sightings, photos and work orders",
          parameters: pathIds("id"),
          responses: { "200": { description: "the defect", content: json(ref("DefectDetails")) }, "400": badRequest, "404": notFound },
        },
      },
      "/api/selection/preview": {
        post: {
          summary: "The defects a drawn area holds, as a work order for it would take them",
          description: "Without a status filter the area takes the defects still needing a crew (open, assigned).",
          requestBody: body(selectionPreviewBodySchema),
          responses: { "200": { description: "count and ids", content: json(ref("SelectionPreview")) }, "400": badRequest },
        },
      },
      "/api/export/defects.geojson": {
        get: {
          summary: "Export defects in a bbox as GeoJSON",
          parameters: queryParameters(exportQuerySchema, FILTER_DESCRIPTIONS),
          responses: exportResponses.geojson,
        },
        post: { summary: "Export the defects inside a drawn area as GeoJSON", requestBody: body(exportBodySchema), responses: exportResponses.geojson },
      },
      "/api/export/defects.csv": {
        get: {
          summary: "Export defects in a bbox as CSV",
          parameters: queryParameters(exportQuerySchema, FILTER_DESCRIPTIONS),
          responses: exportResponses.csv,
        },
        post: { summary: "Export the defects inside a drawn area as CSV", requestBody: body(exportBodySchema), responses: exportResponses.csv },
      },
      "/api/teams": {
        get: {
          summary: "All teams, by name",
          responses: { "200": { description: "the teams", content: json({ type: "array", items: ref("Team") }) } },
        },
        post: {
          summary: "Add a team",
          requestBody: body(newTeamSchema),
          responses: { "201": { description: "the team", content: json(ref("Team")) }, "400": badRequest },
        },
      },
      "/api/teams/{id}": {
        get: {
          summary: "One team",
          parameters: pathIds("id"),
          responses: { "200": { description: "the team", content: json(ref("Team")) }, "404": notFound },
        },
        patch: {
          summary: "Change a team's name, addresses or language",
          parameters: pathIds("id"),
          requestBody: body(teamPatchSchema),
          responses: { "200": { description: "the team", content: json(ref("Team")) }, "400": badRequest, "404": notFound },
        },
      },
      "/api/work-orders": {
        get: {
          summary: "Work orders, newest first",
          parameters: queryParameters(workOrderListQuerySchema),
          responses: { "200": { description: "a page of work orders", content: json(ref("WorkOrderPage")) }, "400": badRequest },
        },
        post: {
          summary: "Send the defects inside a drawn area to a team",
          description:
            "The server finds the defects inside the selection itself, orders them along a route, stores the work order " +
            "and then mails it; a failed send is retried after 1, 5 and 30 minutes (see sendStatus).",
          requestBody: body(newWorkOrderBodySchema),
          responses: {
            "201": { description: "the stored work order", content: json(ref("WorkOrderDetails")) },
            "400": badRequest,
            "404": problem("no such team"),
          },
        },
      },
      "/api/work-orders/{id}": {
        get: {
          summary: "One work order with its stops in route order",
          parameters: pathIds("id"),
          responses: { "200": { description: "the work order", content: json(ref("WorkOrderDetails")) }, "404": notFound },
        },
        patch: {
          summary: "Set a work order's status",
          parameters: pathIds("id"),
          requestBody: body(workOrderPatchSchema),
          responses: { "200": { description: "the work order", content: json(ref("WorkOrder")) }, "400": badRequest, "404": notFound },
        },
      },
      "/api/work-orders/{id}/send": {
        post: {
          summary: "Try sending again now, also after the retries were given up",
          parameters: pathIds("id"),
          responses: { "200": { description: "the work order", content: json(ref("WorkOrder")) }, "400": badRequest, "404": notFound },
        },
      },
      "/api/work-orders/{id}/defects/{defectId}/outcome": {
        post: {
          summary: "A crew reports a defect repaired or not found, optionally with a photo",
          description:
            "JSON, or multipart/form-data as the printed work order posts it (fields outcome and photo); " +
            "the form gets a redirect back to the printed page.",
          parameters: pathIds("id", "defectId"),
          requestBody: {
            required: true,
            content: {
              ...json(jsonSchema(outcomeBodySchema, "input")),
              "multipart/form-data": {
                schema: {
                  type: "object",
                  properties: { outcome: { type: "string", enum: ["repaired", "not_found"] }, photo: { type: "string", format: "binary" } },
                  required: ["outcome"],
                },
              },
            },
          },
          responses: {
            "200": { description: "the work order", content: json(ref("WorkOrder")) },
            "303": { description: "form posts: back to the printed work order" },
            "400": badRequest,
            "404": notFound,
            "413": problem("the photo is too large"),
          },
        },
      },
      "/work-orders/{id}/print": {
        get: {
          summary: "The printable, phone-friendly work order in the team's language",
          parameters: pathIds("id"),
          responses: { "200": { description: "an HTML page", content: { "text/html": { schema: { type: "string" } } } }, "404": notFound },
        },
      },
      "/media/{path}": {
        get: {
          summary: "A defect photo, crop or thumbnail, a frame, or an outcome photo, by the URL the API gave",
          parameters: [{ name: "path", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "a JPEG", content: { "image/jpeg": { schema: { type: "string", format: "binary" } } } }, "404": notFound },
        },
      },
    },
    components: {
      schemas: Object.fromEntries(Object.entries(COMPONENTS).map(([name, schema]) => [name, jsonSchema(schema, "output")])),
    },
  };
}
