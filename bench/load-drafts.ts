// Draft throughput through the queue: 8 draft turns sent at once against the same 8 one after
// another. The render time is what batching can shorten, so the headline ratio compares the jobs'
// time as the client saw it (queued → complete), not the composer's words streamed around them,
// which overlap when turns run at once even without batching; the whole turns' ratio is kept too.
import type { Client, Turn } from './load-client';
import { round } from './stats';

/** Shapes and colours only: the same model, size, steps and scheduler, so every draft is compatible. */
const PROMPTS = [
  'a red circle on a blue background',
  'a green square on a cream background',
  'an orange triangle on a teal background',
  'a yellow circle on a purple background',
  'a blue stripe on a white background',
  'a pink square on a black background',
  'a teal triangle on an orange background',
  'a purple circle on a green background',
];

export type DraftSeat = { client: Client; workspaceId: string };

async function draft(seat: DraftSeat, prompt: string, timeoutMs: number): Promise<Turn> {
  const conversation = await seat.client.newConversation(seat.workspaceId, timeoutMs);
  return seat.client.turn(conversation, `draft ${prompt}`, { expectImage: true, timeoutMs });
}

const jobMs = (t: Turn) => t.jobCompleteAt! - t.jobQueuedAt!;

export async function compareDrafts(seats: DraftSeat[], timeoutMs: number) {
  const n = PROMPTS.length;
  const seat = (i: number) => seats[i % seats.length];

  const t0 = performance.now();
  const together = await Promise.all(PROMPTS.map((p, i) => draft(seat(i), p, timeoutMs)));
  const togetherWallMs = performance.now() - t0;
  const togetherJobsMs =
    Math.max(...together.map((t) => t.jobCompleteAt!)) -
    Math.min(...together.map((t) => t.jobQueuedAt!));

  const t1 = performance.now();
  const oneByOne: Turn[] = [];
  for (const [i, p] of PROMPTS.entries()) oneByOne.push(await draft(seat(i), p, timeoutMs));
  const serialWallMs = performance.now() - t1;
  const serialJobsMs = oneByOne.reduce((s, t) => s + jobMs(t), 0);

  const ratio = serialJobsMs / togetherJobsMs;
  return {
    drafts: n,
    concurrent: {
      jobsSpanMs: round(togetherJobsMs),
      turnsWallMs: round(togetherWallMs),
      imagesPerS: round((n * 1000) / togetherJobsMs),
    },
    serial: {
      jobsSumMs: round(serialJobsMs),
      turnsWallMs: round(serialWallMs),
      imagesPerS: round((n * 1000) / serialJobsMs),
      perJobMs: oneByOne.map((t) => round(jobMs(t))),
    },
    throughputRatio: round(ratio),
    endToEndTurnsRatio: round(serialWallMs / togetherWallMs),
    goal: 'throughputRatio ≥ 1.5 (concurrent jobs vs serial)',
    met: ratio >= 1.5,
  };
}
