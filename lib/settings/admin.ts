import { z } from 'zod';
import type { Db } from '../../db/client';
import {
  loadProviders,
  ProviderConfig,
  publicProviders,
  saveProviders,
} from '../assistant/providers';
import { appendAudit } from '../audit/chain';
import { AppError } from '../errors';
import { QuotaSettings, readQuotas, writeQuotas } from '../quotas/settings';
import type { Principal } from '../workspaces/access';
import { signupOpen, writeSetting } from './store';

export const SettingsPatch = z.object({
  signupOpen: z.boolean().optional(),
  providers: z.array(ProviderConfig).max(20).optional(),
  quotas: QuotaSettings.optional(),
});

function requireAdmin(who: Principal): void {
  if (!who.isAdmin) throw new AppError('forbidden', 'only an admin can change instance settings');
}

export async function readAdminSettings(db: Db, who: Principal) {
  requireAdmin(who);
  return {
    signupOpen: await signupOpen(db),
    providers: publicProviders(await loadProviders(db)),
    quotas: await readQuotas(db),
  };
}

/** Audited with the names of what changed only: provider keys never reach logs or the audit log. */
export async function updateAdminSettings(
  db: Db,
  who: Principal,
  patch: z.infer<typeof SettingsPatch>,
) {
  requireAdmin(who);
  await db.transaction(async (tx) => {
    if (patch.signupOpen !== undefined) await writeSetting(tx, 'signup_open', patch.signupOpen);
    if (patch.providers)
      await saveProviders(
        tx,
        patch.providers.filter((p) => p.id !== 'env'),
      );
    if (patch.quotas) await writeQuotas(tx, patch.quotas);
    await appendAudit(tx, {
      actor: who.actor,
      action: 'settings.updated',
      subject: 'instance',
      payload: {
        signupOpen: patch.signupOpen ?? null,
        providerIds: patch.providers?.map((p) => p.id) ?? null,
        quotas: patch.quotas ? true : null,
      },
    });
  });
  return readAdminSettings(db, who);
}
