import { describe, expect, it } from "vitest";
import { framesFeatureCollection } from "../../../pipeline/ingest/frames-geojson.js";

describe("framesFeatureCollection", () => {
  it("writes one Point per frame, [lon, lat], with the frame's properties rounded for people", () => {
    const sample = {
      frameTimeSeconds: 7.666666666,
      timeMs: Date.parse("2024-01-12T17:11:26.667Z"),
      lat: 55.255712345678,
      lon: 12.119212345678,
      headingDegrees: 59.98765,
      speedMps: 9.87654,
      distanceMeters: 75.00001,
    };
    const collection = framesFeatureCollection("drive.mp4", [
      { sample, fileName: "drive_000015.jpg" },
      { sample: { ...sample, headingDegrees: null }, fileName: "drive_000016.jpg" },
    ]);
    expect(collection).toEqual({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          geometry: { type: "Point", coordinates: [12.1192123, 55.2557123] },
          properties: {
            video: "drive.mp4",
            file: "drive_000015.jpg",
            frameTime: 7.667,
            time: "2024-01-12T17:11:26.667Z",
            heading: 60,
            speedMps: 9.88,
            distanceMeters: 75,
          },
        },
        expect.objectContaining({ properties: expect.objectContaining({ file: "drive_000016.jpg", heading: null }) }),
      ],
    });
  });
});
