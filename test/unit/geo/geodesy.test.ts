import { describe, expect, it } from "vitest";
import {
  angleDifferenceDegrees,
  destinationPoint,
  EARTH_RADIUS_METERS,
  haversineDistanceMeters,
  initialBearingDegrees,
  interpolateDegrees,
  interpolateLatLon,
  normalizeDegrees,
  normalizeLongitude,
} from "../../../pipeline/geo/geodesy.js";

const faxe = { lat: 55.2557, lon: 12.1192 };

describe("haversineDistanceMeters", () => {
  it("measures a degree of latitude as a 360th of the circumference", () => {
    expect(haversineDistanceMeters({ lat: 55, lon: 12 }, { lat: 56, lon: 12 })).toBeCloseTo((2 * Math.PI * EARTH_RADIUS_METERS) / 360, 3);
  });

  it("shrinks a degree of longitude with the cosine of the latitude", () => {
    const atEquator = haversineDistanceMeters({ lat: 0, lon: 12 }, { lat: 0, lon: 13 });
    const atFaxe = haversineDistanceMeters({ lat: 55.25, lon: 12 }, { lat: 55.25, lon: 13 });
    expect(atFaxe / atEquator).toBeCloseTo(Math.cos((55.25 * Math.PI) / 180), 4);
  });

  it("is zero for the same point and symmetric", () => {
    const other = { lat: 55.3, lon: 12.2 };
    expect(haversineDistanceMeters(faxe, faxe)).toBe(0);
    expect(haversineDistanceMeters(faxe, other)).toBeCloseTo(haversineDistanceMeters(other, faxe), 9);
  });
});

describe("initialBearingDegrees", () => {
  it.each([
    [{ lat: 55.26, lon: 12.1192 }, 0],
    [{ lat: 55.2557, lon: 12.13 }, 90],
    [{ lat: 55.25, lon: 12.1192 }, 180],
    [{ lat: 55.2557, lon: 12.11 }, 270],
  ])("points from Faxe to %o at about %d°", (to, expected) => {
    expect(initialBearingDegrees(faxe, to)).toBeCloseTo(expected, 1);
  });
});

describe("destinationPoint", () => {
  it("lands the given distance away in the given direction", () => {
    for (const bearing of [0, 45, 135, 200, 315]) {
      const to = destinationPoint(faxe, bearing, 250);
      expect(haversineDistanceMeters(faxe, to)).toBeCloseTo(250, 6);
      expect(initialBearingDegrees(faxe, to)).toBeCloseTo(bearing, 4);
    }
  });

  it("crosses the antimeridian into negative longitudes", () => {
    const to = destinationPoint({ lat: 0, lon: 179.9999 }, 90, 100);
    expect(to.lon).toBeLessThan(-179.99);
  });
});

describe("angles", () => {
  it("normalizes onto [0, 360) without a negative zero", () => {
    expect(normalizeDegrees(-90)).toBe(270);
    expect(normalizeDegrees(720)).toBe(0);
    expect(Object.is(normalizeDegrees(-360), 0)).toBe(true);
    expect(normalizeLongitude(190)).toBe(-170);
  });

  it("takes differences and interpolates along the shorter arc", () => {
    expect(angleDifferenceDegrees(350, 10)).toBe(20);
    expect(angleDifferenceDegrees(10, 350)).toBe(-20);
    expect(interpolateDegrees(350, 10, 0.5)).toBe(0);
    expect(interpolateDegrees(90, 180, 0.25)).toBe(112.5);
  });
});

describe("interpolateLatLon", () => {
  it("moves linearly between two nearby points", () => {
    const to = { lat: 55.2567, lon: 12.1212 };
    const middle = interpolateLatLon(faxe, to, 0.5);
    expect(middle.lat).toBeCloseTo(55.2562, 9);
    expect(middle.lon).toBeCloseTo(12.1202, 9);
    expect(interpolateLatLon(faxe, to, 0)).toEqual(faxe);
  });

  it("goes the short way across the antimeridian", () => {
    const middle = interpolateLatLon({ lat: 0, lon: 179.8 }, { lat: 0, lon: -179.8 }, 0.5);
    expect(Math.abs(middle.lon)).toBeCloseTo(180, 9);
  });
});
