import { count, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { invites, memberships, users, workspaces } from '../../db/schema';
import { xactLock } from '../../db/xact-lock';
import { anonymousActor, userActor } from '../audit/actors';
import { appendAudit } from '../audit/chain';
import { AppError } from '../errors';
import { signupOpen } from '../settings/store';
import { acceptableInvite } from '../workspaces/invites';
import { dummyHash, hashPassword, verifyPassword } from './password';
import { FailureLimiter } from './rate-limit';
import { createSession, deleteSession, type Session } from './sessions';
import { clearSetupToken, requiredSetupToken } from './setup-token';
import { sameToken, sha256Hex } from './tokens';

export const SignUpInput = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email('enter a valid email address'))
    .pipe(z.string().max(254)),
  name: z.string().trim().min(1, 'enter your name').max(100),
  password: z.string().min(8, 'password must be at least 8 characters').max(200),
  inviteToken: z.string().max(200).optional(),
  setupToken: z.string().max(200).optional(),
});
export const SignInInput = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().min(1).max(200),
});

const byEmail = new FailureLimiter(5, 15 * 60_000);
const byIp = new FailureLimiter(30, 15 * 60_000);
/** Every sign-up attempt counts (each costs a slow hash, and "already exists" tells who has an account); room for an office behind one NAT. */
const signUpsByIp = new FailureLimiter(60, 15 * 60_000);

const signupClosed = () =>
  new AppError('signup_closed', 'sign-up is closed; ask an admin for an invite');

export async function signUp(db: Db, input: z.infer<typeof SignUpInput>, ip: string) {
  if (signUpsByIp.blocked(ip))
    throw new AppError(
      'rate_limited',
      'too many sign-ups from this address; try again in 15 minutes',
    );
  signUpsByIp.fail(ip);
  // Refused before the (deliberately slow) password hash when sign-up is closed and nothing invites
  // this person; the transaction below checks again.
  if (
    !input.inviteToken &&
    !(await signupOpen(db)) &&
    (await db.select({ id: users.id }).from(users).limit(1)).length
  ) {
    throw signupClosed();
  }
  const passwordHash = await hashPassword(input.password);
  const user = await db.transaction(async (tx) => {
    // Serialise sign-ups so exactly one first account becomes admin.
    await xactLock(tx, 'atelier.signup');
    const [{ n }] = await tx.select({ n: count() }).from(users);
    const first = n === 0;
    const setup = requiredSetupToken();
    if (first && setup && !sameToken(input.setupToken, setup)) {
      throw new AppError(
        'forbidden',
        'the first sign-up needs the one-time setup token printed in the server log',
      );
    }
    const invite = input.inviteToken
      ? await acceptableInvite(tx, input.inviteToken, input.email)
      : null;
    if (!first && !invite && !(await signupOpen(tx))) throw signupClosed();
    const [existing] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, input.email));
    if (existing) throw new AppError('conflict', 'an account with this email already exists');
    const [u] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash, isAdmin: first })
      .returning({ id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin });
    const [ws] = await tx
      .insert(workspaces)
      .values({ name: `${input.name}'s workspace`, personalOwnerId: u.id })
      .returning({ id: workspaces.id });
    await tx.insert(memberships).values({ workspaceId: ws.id, userId: u.id, role: 'owner' });
    const actor = userActor(u.id);
    await appendAudit(tx, {
      actor,
      action: 'user.signup',
      subject: `user:${u.id}`,
      payload: { admin: first },
    });
    await appendAudit(tx, {
      actor,
      action: 'workspace.created',
      subject: `workspace:${ws.id}`,
      workspaceId: ws.id,
      payload: { personal: true },
    });
    if (invite) {
      await tx
        .insert(memberships)
        .values({ workspaceId: invite.workspaceId, userId: u.id, role: invite.role });
      await tx.update(invites).set({ acceptedAt: new Date() }).where(eq(invites.id, invite.id));
      await appendAudit(tx, {
        actor,
        action: 'membership.added',
        subject: `workspace:${invite.workspaceId}`,
        workspaceId: invite.workspaceId,
        payload: { userId: u.id, role: invite.role, inviteId: invite.id },
      });
    }
    return u;
  });
  if (user.isAdmin) clearSetupToken();
  const session = await createSession(db, user.id);
  return { user, ...session };
}

export async function signIn(db: Db, input: z.infer<typeof SignInInput>, ip: string) {
  if (byEmail.blocked(input.email) || byIp.blocked(ip)) {
    throw new AppError('rate_limited', 'too many failed sign-ins; try again in 15 minutes');
  }
  // Counted as a failure before the password is checked, so attempts sent at once count as they arrive.
  byEmail.fail(input.email);
  byIp.fail(ip);
  const [user] = await db.select().from(users).where(eq(users.email, input.email));
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok) {
    await db.transaction((tx) =>
      appendAudit(tx, {
        actor: anonymousActor(ip),
        action: 'auth.signin_failed',
        subject: user ? `user:${user.id}` : 'user:unknown',
        payload: { emailSha256: sha256Hex(input.email) },
      }),
    );
    throw new AppError('unauthorized', 'wrong email or password');
  }
  byEmail.reset(input.email);
  byIp.refund(ip);
  const session = await db.transaction(async (tx) => {
    const s = await createSession(tx, user.id);
    await appendAudit(tx, {
      actor: userActor(user.id),
      action: 'auth.signin',
      subject: `user:${user.id}`,
    });
    return s;
  });
  return {
    user: { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin },
    ...session,
  };
}

/** Ends the session, audited as its account's sign-out. */
export async function signOut(db: Db, session: Session): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteSession(tx, session.sessionId);
    await appendAudit(tx, {
      actor: userActor(session.user.id),
      action: 'auth.signout',
      subject: `user:${session.user.id}`,
    });
  });
}
