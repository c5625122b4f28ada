/** The shape of the upload list, as a zod schema openapi.ts describes it from. */
import { z } from "zod";
import { UPLOAD_KINDS } from "../../pipeline/storage/schema.js";

export const UPLOAD_STATUSES = ["uploading", "rejected", "waiting", "processing", "processed", "quarantined"] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

const isoTime = z.string().describe("ISO 8601");

export const uploadSchema = z.object({
  id: z.number().int(),
  name: z.string().describe("as the uploader named the file, for display"),
  kind: z.enum(UPLOAD_KINDS),
  sizeBytes: z.number().int(),
  uploadedBy: z.string().describe("a person's display name (or username), or a device's name"),
  startedAt: isoTime,
  completedAt: isoTime.nullable(),
  status: z
    .enum(UPLOAD_STATUSES)
    .describe(
      "uploading: not all bytes have arrived; rejected: arrived and refused; waiting: accepted, for the next nightly run " +
        "(or a track waiting for its video); processing, processed, quarantined: what the pipeline made of the video",
    ),
  reason: z.string().nullable().describe("why it was rejected or set aside in quarantine"),
});

export type UploadView = z.infer<typeof uploadSchema>;
