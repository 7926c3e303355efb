// The C2PA manifest definition of one exported image: created by a trained model, with the
// conversation's references as its inputs, and Atelier's ids for the generations that made it.
import { version } from '../../package.json';

export const TRAINED_ALGORITHMIC_MEDIA =
  'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';

/** Atelier's own assertion. Ids only: a copy carries no prompt and nothing of the references. */
export const GENERATION_ASSERTION = 'atelier.generation';

export type C2paIngredient = {
  /** `atelier:reference:<id>`, the id manifest.json lists the reference under. */
  instanceId: string;
  title: string;
  format: string;
};

export type C2paImage = {
  title: string;
  conversationId: string;
  /** Every artifact with these bytes: a re-render with the same seed gives the same image. */
  artifacts: Array<{
    artifactId: string;
    generationId: string | null;
    modelId: string | null;
    seed: number | null;
  }>;
  ingredients: C2paIngredient[];
};

export const referenceInstanceId = (referenceId: string) => `atelier:reference:${referenceId}`;

export function c2paIngredientJson(i: C2paIngredient): string {
  return JSON.stringify({
    title: i.title,
    format: i.format,
    instance_id: i.instanceId,
    relationship: 'inputTo',
  });
}

export function c2paDefinition(image: C2paImage) {
  const created = {
    action: 'c2pa.created',
    digitalSourceType: TRAINED_ALGORITHMIC_MEDIA,
    // c2pa-rs turns these into hashed links from the action to its ingredients.
    ...(image.ingredients.length
      ? { parameters: { ingredientIds: image.ingredients.map((i) => i.instanceId) } }
      : {}),
  };
  return {
    claim_generator_info: [{ name: 'Atelier', version }],
    title: image.title,
    format: 'image/png',
    assertions: [
      { label: 'c2pa.actions', data: { actions: [created] } },
      {
        label: GENERATION_ASSERTION,
        data: { conversationId: image.conversationId, artifacts: image.artifacts },
      },
    ],
  };
}
