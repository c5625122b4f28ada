/**
 * Faces and number plates out of every picture roadwatch stores: the two privacy detectors find them, and each is
 * obscured with a margin before the picture is written anywhere. Damage boxes do not protect a region from
 * obscuring (privacy wins); they are only counted, so a run can say how much evidence it covered.
 */
import { decodeRgb, type ImageSource, type RawRgbImage } from "../adapters/image.js";
import type { Box } from "../detector/box.js";
import { InputError } from "../errors.js";
import { obscureRegions } from "./obscure.js";
import { PrivacyDetector } from "./privacy-detector.js";
import type { PrivacyModelManifest } from "./privacy-manifest.js";
import { countCovered, obscuredRegions } from "./privacy-regions.js";

export interface AnonymiserSettings {
  /** manifest of the face detector (its .onnx beside it) */
  faceModelPath: string;
  /** manifest of the number-plate detector */
  plateModelPath: string;
  /** null: the face manifest's scoreThreshold */
  faceThreshold: number | null;
  /** null: the plate manifest's scoreThreshold */
  plateThreshold: number | null;
  /** added around each face or plate on every side, as a share of its width and height */
  marginFraction: number;
  /** onnxruntime intra-op threads (Config.threads) */
  threads: number;
}

export interface AnonymisedImage {
  /** the input itself when nothing was found */
  image: RawRgbImage;
  facesBlurred: number;
  platesBlurred: number;
  /** damage boxes that obscuring covered at least in part */
  damageBlurred: number;
}

export class Anonymiser {
  private constructor(
    private readonly faces: PrivacyDetector,
    private readonly plates: PrivacyDetector,
    private readonly marginFraction: number,
  ) {}

  static async load(settings: AnonymiserSettings): Promise<Anonymiser> {
    const faces = await loadDetector(settings.faceModelPath, "faces", settings.threads, settings.faceThreshold);
    try {
      const plates = await loadDetector(settings.plateModelPath, "plates", settings.threads, settings.plateThreshold);
      return new Anonymiser(faces, plates, settings.marginFraction);
    } catch (error) {
      await faces.close();
      throw error;
    }
  }

  /** The frame with every face and plate obscured; `damageBoxes` (frame pixels) are counted where covered. */
  async anonymise(frame: RawRgbImage, damageBoxes: readonly Box[] = []): Promise<AnonymisedImage> {
    const faceHits = await this.faces.detect(frame);
    const plateHits = await this.plates.detect(frame);
    const regions = obscuredRegions([...faceHits, ...plateHits].map((hit) => hit.box), frame, this.marginFraction);
    return {
      image: obscureRegions(frame, regions),
      facesBlurred: faceHits.length,
      platesBlurred: plateHits.length,
      damageBlurred: countCovered(damageBoxes, regions),
    };
  }

  /** A photo file or upload, decoded (upright, as displayed) and anonymised, e.g. a crew's photo of a repair. */
  async anonymisePhoto(photo: ImageSource): Promise<AnonymisedImage> {
    return this.anonymise(await decodeRgb(photo));
  }

  async close(): Promise<void> {
    await Promise.all([this.faces.close(), this.plates.close()]);
  }
}

async function loadDetector(
  manifestPath: string,
  expected: PrivacyModelManifest["detects"],
  threads: number,
  scoreThreshold: number | null,
): Promise<PrivacyDetector> {
  const detector = await PrivacyDetector.load(manifestPath, { threads, scoreThreshold });
  if (detector.manifest.detects !== expected) {
    await detector.close();
    throw new InputError(manifestPath, `detects ${detector.manifest.detects}, but is configured as the detector of ${expected}`);
  }
  return detector;
}
