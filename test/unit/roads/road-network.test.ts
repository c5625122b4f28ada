import { describe, expect, it } from "vitest";
import { destinationPoint, type LatLon } from "../../../pipeline/geo/geodesy.js";
import { type RoadFeature, RoadNetwork, roadFeaturesFromLayer, roadLayerFromGeoJson } from "../../../pipeline/roads/road-network.js";

const identity = (xy: readonly [number, number]): [number, number] => [xy[0], xy[1]];

const faxeRoads = {
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      id: 7,
      properties: { type: "Off. kommunevej", navn: "Torvegade" },
      geometry: { type: "LineString", coordinates: [[12.12, 55.255], [12.125, 55.256]] },
    },
    {
      type: "Feature",
      properties: { type: "Privat fællesvej" },
      geometry: { type: "MultiLineString", coordinates: [[[11.96, 55.32], [11.97, 55.33]], [[11.97, 55.33], [11.98, 55.33]]] },
    },
  ],
};

describe("roadLayerFromGeoJson and roadFeaturesFromLayer", () => {
  it("turns each line into a LineString feature with the file's id and road class", () => {
    const layer = roadLayerFromGeoJson("roads.geojson", faxeRoads);
    expect(layer.crs).toBe("EPSG:4326");

    const features = roadFeaturesFromLayer(layer, identity, "type");

    expect(features).toEqual([
      {
        type: "Feature",
        id: 7,
        geometry: { type: "LineString", coordinates: [[12.12, 55.255], [12.125, 55.256]] },
        properties: { id: 7, roadClass: "Off. kommunevej" },
      },
      // the second feature has no id: numbered by its place in the file; its two parts keep that number
      {
        type: "Feature",
        id: 2,
        geometry: { type: "LineString", coordinates: [[11.96, 55.32], [11.97, 55.33]] },
        properties: { id: 2, roadClass: "Privat fællesvej" },
      },
      {
        type: "Feature",
        id: 2,
        geometry: { type: "LineString", coordinates: [[11.97, 55.33], [11.98, 55.33]] },
        properties: { id: 2, roadClass: "Privat fællesvej" },
      },
    ]);
  });

  it("projects every position and gives a null class when the field is missing", () => {
    const layer = { crs: "EPSG:25832", features: [{ fid: 1, properties: {}, lines: [[[700000, 6125000], [700100, 6125000]] as [number, number][]] }] };
    const shifted = (xy: readonly [number, number]): [number, number] => [xy[0] / 1e5, xy[1] / 1e5];

    const [feature] = roadFeaturesFromLayer(layer, shifted, "type");

    expect(feature!.geometry.coordinates).toEqual([[7, 61.25], [7.001, 61.25]]);
    expect(feature!.properties.roadClass).toBeNull();
  });

  it("names the file and the feature for input that is not line GeoJSON", () => {
    expect(() => roadLayerFromGeoJson("roads.json", { type: "Feature" })).toThrow("roads.json: not a GeoJSON FeatureCollection");
    const withPoint = { type: "FeatureCollection", features: [faxeRoads.features[0], { type: "Feature", geometry: { type: "Point", coordinates: [12, 55] } }] };
    expect(() => roadLayerFromGeoJson("roads.json", withPoint)).toThrow("roads.json: feature 2 is not a LineString or MultiLineString");
  });
});

describe("RoadNetwork.linesIn", () => {
  const network = new RoadNetwork(roadFeaturesFromLayer(roadLayerFromGeoJson("roads.geojson", faxeRoads), identity, "type"));

  it("returns the lines whose extent meets the box, and none from elsewhere", () => {
    const aroundFaxe = network.linesIn({ minLon: 12.1, minLat: 55.24, maxLon: 12.14, maxLat: 55.27 }, 100);
    expect(aroundFaxe.type).toBe("FeatureCollection");
    expect(aroundFaxe.features.map((feature) => feature.id)).toEqual([7]);

    // the box holds no vertex of the Torvegade line, only a piece of it between its two ends
    const acrossTheLine = network.linesIn({ minLon: 12.122, minLat: 55.2, maxLon: 12.123, maxLat: 55.3 }, 100);
    expect(acrossTheLine.features.map((feature) => feature.id)).toEqual([7]);

    expect(network.linesIn({ minLon: 10, minLat: 56, maxLon: 10.1, maxLat: 56.1 }, 100).features).toEqual([]);
  });

  it("stops at the limit", () => {
    const everything = { minLon: -180, minLat: -90, maxLon: 180, maxLat: 90 };
    expect(network.linesIn(everything, 100).features).toHaveLength(3);
    expect(network.linesIn(everything, 2).features).toHaveLength(2);
  });
});

describe("RoadNetwork.nearestRoad", () => {
  const road = (id: number, roadClass: string | null, points: LatLon[]): RoadFeature => ({
    type: "Feature",
    id,
    geometry: { type: "LineString", coordinates: points.map(({ lat, lon }): [number, number] => [lon, lat]) },
    properties: { id, roadClass },
  });
  const faxeTorv: LatLon = { lat: 55.255, lon: 12.12 };
  // two straight east-west roads 2 km long along parallels: one through Faxe torv, one 40 m north of it
  const alongParallel = (bearingDegrees: number): LatLon => ({ lat: faxeTorv.lat, lon: destinationPoint(faxeTorv, bearingDegrees, 1000).lon });
  const westEnd = alongParallel(270);
  const eastEnd = alongParallel(90);
  const north = (point: LatLon, distanceMeters: number) => destinationPoint(point, 0, distanceMeters);
  const network = new RoadNetwork([
    road(1, "Off. kommunevej", [westEnd, eastEnd]),
    road(2, null, [north(westEnd, 40), north(eastEnd, 40)]),
  ]);

  it("picks the closer of two roads and measures the distance to it", () => {
    const nearer = network.nearestRoad(north(faxeTorv, 30), 25);
    expect(nearer?.id).toBe(2);
    expect(nearer?.roadClass).toBeNull();
    expect(nearer?.distanceMeters).toBeCloseTo(10, 1);

    expect(network.nearestRoad(north(faxeTorv, 12), 25)).toMatchObject({ id: 1, roadClass: "Off. kommunevej" });
  });

  it("measures to the middle of a long segment, a kilometre from either vertex", () => {
    const beside = network.nearestRoad(destinationPoint(faxeTorv, 180, 5), 25);
    expect(beside?.id).toBe(1);
    expect(beside?.distanceMeters).toBeCloseTo(5, 1);
  });

  it("finds none when every road is beyond the limit", () => {
    expect(network.nearestRoad(destinationPoint(faxeTorv, 180, 30), 25)).toBeNull();
    expect(network.nearestRoad(destinationPoint(eastEnd, 90, 26), 25)).toBeNull();
  });
});
