/** The only module that talks to onnxruntime-node. */
import { readFile } from "node:fs/promises";
import * as ort from "onnxruntime-node";
import type { FloatTensor } from "../detector/decode.js";
import type { ModelSignature, TensorDescription } from "../detector/manifest.js";
import { describeError, InputError } from "../errors.js";

export interface OnnxModel {
  readonly signature: ModelSignature;
  run(inputName: string, input: FloatTensor, outputName: string): Promise<FloatTensor>;
  /** One run, several float32 outputs by name: e.g. a detector with an output per feature-map stride. */
  runOutputs(inputName: string, input: FloatTensor, outputNames: readonly string[]): Promise<Map<string, FloatTensor>>;
  close(): Promise<void>;
}

export interface OnnxModelOptions {
  /** onnxruntime intra-op threads */
  threads: number;
}

/** Loads the model once; the returned session is meant to be reused for every image. */
export async function loadOnnxModel(modelPath: string, options: OnnxModelOptions): Promise<OnnxModel> {
  let bytes: Buffer;
  try {
    bytes = await readFile(modelPath);
  } catch (error) {
    throw new InputError(modelPath, `cannot read the ONNX model (${describeError(error)})`);
  }
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: options.threads,
      interOpNumThreads: 1,
      executionMode: "sequential",
      graphOptimizationLevel: "all",
      // idle intra-op threads busy-wait by default, which halves throughput when other work shares the cores, as
      // ffmpeg does while it decodes the next frames during inference (2 cores beside a training job: 112 → 55 ms
      // a 1080p frame)
      extra: { session: { intra_op: { allow_spinning: "0" } } },
    });
  } catch (error) {
    throw new InputError(modelPath, `not a usable ONNX model (${describeError(error)})`);
  }
  const runOutputs = async (inputName: string, input: FloatTensor, outputNames: readonly string[]) => {
    let results: ort.InferenceSession.ReturnType;
    try {
      results = await session.run({ [inputName]: new ort.Tensor("float32", input.data, input.dims) }, [...outputNames]);
    } catch (error) {
      throw new InputError(modelPath, `inference failed (${describeError(error)})`);
    }
    const outputs = new Map<string, FloatTensor>();
    for (const outputName of outputNames) {
      const output = results[outputName];
      if (!(output instanceof ort.Tensor) || !(output.data instanceof Float32Array)) {
        throw new InputError(modelPath, `output "${outputName}" is not a float32 tensor`);
      }
      outputs.set(outputName, { data: output.data, dims: output.dims });
    }
    return outputs;
  };
  return {
    signature: { inputs: session.inputMetadata.map(describeValue), outputs: session.outputMetadata.map(describeValue) },
    async run(inputName, input, outputName) {
      return (await runOutputs(inputName, input, [outputName])).get(outputName)!;
    },
    runOutputs,
    close: () => session.release(),
  };
}

function describeValue(value: ort.InferenceSession.ValueMetadata): TensorDescription {
  return value.isTensor
    ? { name: value.name, elementType: value.type, shape: value.shape }
    : { name: value.name, elementType: undefined, shape: [] };
}
