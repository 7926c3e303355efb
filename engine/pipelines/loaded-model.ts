// A model folder opened for generation: tokenizer, ONNX sessions on the chosen provider, the
// family's defaults and preview matrix.
import { EngineError, firstLine } from '../errors';
import { detectFamily, type ModelFamily, previewMatrix } from '../models/family';
import type { ModelFolder, OnnxComponentName } from '../models/model-folder';
import { OnnxComponent } from '../runtime/component';
import type { ExecutionProvider, RuntimeOptions, SessionCache } from '../runtime/sessions';
import { ClipTokenizer } from '../tokenizer';

export interface LoadedModel {
  folder: ModelFolder;
  family: ModelFamily;
  tokenizer: ClipTokenizer;
  textEncoder: OnnxComponent;
  unet: OnnxComponent;
  vaeDecoder: OnnxComponent;
  vaeEncoder?: OnnxComponent;
  /** The provider the UNet runs on. */
  ep: ExecutionProvider;
  fallbackReason?: string;
  latentChannels: number;
  previewMatrix: number[];
}

/** `version` tells sessions of the same folder apart when its files change (their digests); the folder by default. */
export async function loadModel(
  folder: ModelFolder,
  runtime: RuntimeOptions,
  cache: SessionCache,
  version = folder.dir,
): Promise<LoadedModel> {
  let tokenizer: ClipTokenizer;
  try {
    tokenizer = await ClipTokenizer.load(folder.tokenizerDir);
  } catch (err) {
    throw new EngineError('model_corrupt', `model "${folder.id}": ${firstLine(err)}`);
  }
  const open = async (name: OnnxComponentName, file: string) => {
    const label = `model "${folder.id}": ${name}/model.onnx`;
    return new OnnxComponent(name, await cache.get(version, file, label, runtime));
  };
  const unet = await open('unet', folder.onnx.unet);
  const textEncoder = await open('text_encoder', folder.onnx.text_encoder);
  const vaeDecoder = await open('vae_decoder', folder.onnx.vae_decoder);
  const vaeEncoder = folder.onnx.vae_encoder
    ? await open('vae_encoder', folder.onnx.vae_encoder)
    : undefined;
  const sampleMeta = unet.opened.session.inputMetadata.find((m) => m.name === 'sample');
  const channels = sampleMeta?.isTensor ? sampleMeta.shape[1] : undefined;
  const family = await detectFamily(folder.dir, folder.index, folder.schedulerConfig);
  return {
    folder,
    family,
    tokenizer,
    textEncoder,
    unet,
    vaeDecoder,
    vaeEncoder,
    ep: unet.opened.ep,
    fallbackReason: unet.opened.fallbackReason,
    latentChannels: typeof channels === 'number' ? channels : 4,
    previewMatrix: previewMatrix(family),
  };
}
