import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { workspaces } from '../../db/schema';
import { xactLock } from '../../db/xact-lock';
import { LOCAL_OPERATOR } from '../audit/actors';
import { appendAudit } from '../audit/chain';
import { readSetting, writeSetting } from '../settings/store';
import type { Principal } from './access';

/** Who the CLI acts as: the local operator, not an account. */
export const OPERATOR: Principal = { userId: null, actor: LOCAL_OPERATOR, isAdmin: false };

/**
 * The workspace the CLI's conversations go to when none is named. The local operator is not an
 * account: this workspace has no members until an admin invites some.
 */
export async function operatorWorkspaceId(db: Db): Promise<string> {
  return db.transaction(async (tx) => {
    await xactLock(tx, 'atelier.operator-workspace');
    const id = await readSetting(tx, 'operator_workspace_id', z.uuid(), '');
    if (
      id &&
      (await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, id))).length
    )
      return id;
    const [ws] = await tx
      .insert(workspaces)
      .values({ name: 'Local operator' })
      .returning({ id: workspaces.id });
    await writeSetting(tx, 'operator_workspace_id', ws.id);
    await appendAudit(tx, {
      actor: LOCAL_OPERATOR,
      action: 'workspace.created',
      subject: `workspace:${ws.id}`,
      workspaceId: ws.id,
      payload: { operator: true },
    });
    return ws.id;
  });
}
