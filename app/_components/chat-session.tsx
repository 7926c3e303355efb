'use client';

import type { UIMessage } from 'ai';
import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, errorMessage } from '../_lib/api';
import {
  attachmentsOf,
  branchTo,
  buildTree,
  defaultLeaf,
  newestLeaf,
  siblingsOf,
  type Tree,
  textOf,
  toUIMessages,
} from '../_lib/branches';
import type { TurnBody } from '../_lib/chat-transport';
import {
  type AdvancedForm,
  describeSettings,
  type ImageModelListing,
  lastChoice,
  settingsFromForm,
} from '../_lib/image-settings';
import { preloadChat, useLazyChat } from '../_lib/lazy-chat';
import { badgeLabel, profileLabel } from '../_lib/models';
import type { AttachedReference, RefPlace } from '../_lib/references';
import { useShortcuts } from '../_lib/shortcuts';
import type {
  ChatSeeds,
  ConversationDetail,
  MessageRow,
  MessageStatus,
  Profile,
} from '../_lib/types';
import { useApiGet } from '../_lib/use-api-get';
import { useAttachments } from '../_lib/use-attachments';
import { useModelChoice } from '../_lib/use-model-choice';
import { useReferences } from '../_lib/use-references';
import { useApp } from './app-context';
import { AssistantMessage } from './assistant-message';
import { Composer } from './composer';
import { ConversationHeader } from './conversation-header';
import { ExportAction } from './export-action';
import { FileDropZone } from './file-drop-zone';
import { ImagesLink } from './images-link';
import { ImportedBadge } from './imported-badge';
import { MessageScroller } from './message-scroller';
import { ReadOnlyNotice } from './read-only-notice';
import { ReferenceOpener } from './reference-context';
import { UserMessage } from './user-message';

// Closed when the page opens: each comes as a chunk of its own when first shown.
const AuditTimeline = dynamic(() => import('./audit-timeline').then((m) => m.AuditTimeline), {
  ssr: false,
});
const ReferenceViewer = dynamic(() => import('./reference-viewer').then((m) => m.ReferenceViewer), {
  ssr: false,
});
const ReferencesPanel = dynamic(() => import('./references-panel').then((m) => m.ReferencesPanel), {
  ssr: false,
});

/** What the client knows about the turn it started, until the server's rows replace it. */
type Pending = {
  model: string;
  profile: Profile;
  parentId: string | null;
  knownIds: Set<string>;
  prevLeaf: string | null;
};

/** The leaf to show after a turn, from the server's rows and what this client sent. */
function leafAfterTurn(
  tree: Tree,
  serverLeaf: string | null,
  finishedId: string | undefined,
  pending: Pending | null,
): { leaf: string | null; fromTurn: boolean } {
  if (finishedId && tree.byId.has(finishedId))
    return { leaf: newestLeaf(tree, finishedId), fromTurn: true };
  if (pending) {
    const created = (
      tree.children.get(
        pending.parentId && tree.byId.has(pending.parentId) ? pending.parentId : '',
      ) ?? []
    ).filter((r) => r.role === 'user' && !pending.knownIds.has(r.id));
    if (created.length)
      return { leaf: newestLeaf(tree, created[created.length - 1].id), fromTurn: true };
    if (pending.prevLeaf && tree.byId.has(pending.prevLeaf))
      return { leaf: pending.prevLeaf, fromTurn: false };
  }
  return { leaf: defaultLeaf(tree, serverLeaf), fromTurn: false };
}

export function ChatSession({
  initial,
  seeds,
}: {
  initial: ConversationDetail;
  seeds?: ChatSeeds;
}) {
  const conversationId = initial.conversation.id;
  const { models, refreshConversations } = useApp();
  const [detail, setDetail] = useState(initial);
  const [leafId, setLeafId] = useState(() =>
    defaultLeaf(buildTree(initial.messages), initial.conversation.activeLeafId),
  );
  const [resuming, setResuming] = useState(initial.live);
  const [initialLive] = useState(initial.live);
  const [pending, setPending] = useState<Pending | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const router = useRouter();
  // Reopened, the composer takes the profile and image settings of the branch's newest user message.
  const [restored] = useState(() => lastChoice(branchTo(buildTree(initial.messages), leafId)));
  const { model, setModel, profile, setProfile } = useModelChoice(models, restored.profile);
  const [advancedForm, setAdvancedForm] = useState<AdvancedForm>(restored.form);
  const [advancedError, setAdvancedError] = useState<string | null>(null);
  const imageModels = useApiGet<ImageModelListing>('/api/image-models', seeds?.imageModels);
  const refs = useReferences(conversationId, seeds?.references);
  const attachments = useAttachments(
    conversationId,
    refs.list?.limits.maxBytes ?? null,
    refs.reload,
  );
  const [viewing, setViewing] = useState<{ id: string; place: RefPlace } | null>(null);
  const openReference = useCallback(
    (id: string, place: RefPlace = null) => setViewing({ id, place }),
    [],
  );
  const closeViewer = useCallback(() => setViewing(null), []);
  const [auditOpen, setAuditOpen] = useState(false);
  const closeAudit = useCallback(() => setAuditOpen(false), []);
  const [panel, setPanel] = useState<boolean | null>(null);
  const refCount = refs.list?.references.length ?? 0;
  // The panel starts open in a conversation that has references; after that it is the person's choice.
  // On a narrow screen the panel covers the chat, so it opens only when asked for. The server knows
  // no screen: the page's HTML (and the hydration that must match it) has the panel closed, and an
  // effect opens it. The state changes only when the panel does, since a render of this component
  // while the messages still hydrate would have React render them anew instead (markdown.tsx).
  const hasRefs = refCount > 0;
  const [autoOpen, setAutoOpen] = useState(false);
  useEffect(() => {
    setAutoOpen(hasRefs && window.matchMedia('(min-width: 1024px)').matches);
  }, [hasRefs]);
  const showPanel = panel ?? autoOpen;

  const tree = useMemo(() => buildTree(detail.messages), [detail.messages]);
  const branch = useMemo(() => branchTo(tree, leafId), [tree, leafId]);
  // While a running turn is being resumed, its partial row comes back through the stream instead.
  const chatBranch = useMemo<UIMessage[]>(() => {
    const tail = branch[branch.length - 1];
    const rows =
      resuming && tail?.role === 'assistant' && tail.status === 'streaming'
        ? branch.slice(0, -1)
        : branch;
    return toUIMessages(rows);
  }, [branch, resuming]);

  // Re-fetch the conversation and rebuild the branch from the server's rows.
  const pendingRef = useRef<Pending | null>(null);
  const leafRef = useRef(leafId);
  leafRef.current = leafId;
  const seq = useRef(0);
  const polls = useRef(0);
  const statusRef = useRef<string>('ready');
  const refreshRef = useRef<(finishedId?: string) => void>(() => {});
  const refresh = useCallback(
    async (finishedId?: string) => {
      const mine = ++seq.current;
      let d: ConversationDetail;
      try {
        d = await api<ConversationDetail>(
          `/api/conversations/${encodeURIComponent(conversationId)}`,
        );
      } catch (err) {
        if (mine === seq.current) setActionError(errorMessage(err));
        return;
      }
      if (mine !== seq.current) return;
      const t = buildTree(d.messages);
      const { leaf, fromTurn } = leafAfterTurn(
        t,
        d.conversation.activeLeafId,
        finishedId,
        pendingRef.current,
      );
      setDetail(d);
      setLeafId(leaf);
      setResuming(false);
      refreshConversations();
      if (fromTurn && leaf && leaf !== d.conversation.activeLeafId) {
        api(`/api/conversations/${encodeURIComponent(conversationId)}`, {
          method: 'PATCH',
          body: { activeLeafId: leaf },
        }).catch(() => {});
      }
      // The server may still be writing the final status of the turn (e.g. just after Stop).
      const tail = branchTo(t, leaf).at(-1);
      if (tail?.status === 'streaming' && polls.current < 8) {
        polls.current += 1;
        setTimeout(() => {
          if (statusRef.current !== 'submitted' && statusRef.current !== 'streaming')
            refreshRef.current();
        }, 750);
      } else {
        polls.current = 0;
      }
    },
    [conversationId, refreshConversations],
  );
  refreshRef.current = (id?: string) => void refresh(id);

  // useChat, with the AI SDK fetched only when a turn is sent or resumed (lazy-chat.ts).
  const chat = useLazyChat({
    id: conversationId,
    messages: chatBranch,
    resume: initialLive,
    throttleMs: 40,
    onFinish: ({ message }) => refreshRef.current(message.id),
    onError: () => refreshRef.current(),
    onNoLiveTurn: () => refreshRef.current(),
  });
  const { setMessages, sendMessage, stop: stopClient, status } = chat;
  const busy = status === 'submitted' || status === 'streaming';
  statusRef.current = status;

  // Keep the chat's messages equal to the shown branch whenever the branch changes (not mid-turn).
  useEffect(() => {
    if (statusRef.current === 'submitted' || statusRef.current === 'streaming') return;
    setMessages(chatBranch);
  }, [chatBranch, setMessages]);

  // Leaving the page stops reading the stream; the turn itself goes on on the server.
  useEffect(() => () => void stopClient(), [stopClient]);

  const imported = detail.conversation.imported ?? null;
  // An imported conversation is a read-only record, whatever the role (the server refuses too).
  const canWrite = detail.role !== 'viewer' && !imported;

  const sendTurn = useCallback(
    (text: string, parentId: string | null, attached: AttachedReference[] = []): boolean => {
      if (busy || !canWrite) return false;
      const image = settingsFromForm(advancedForm, imageModels.data, profile);
      if (image.error !== null) {
        setAdvancedError(image.error);
        return false;
      }
      const prefix = parentId ? branchTo(tree, parentId) : [];
      setMessages(toUIMessages(prefix));
      const p: Pending = {
        model,
        profile,
        parentId,
        knownIds: new Set(tree.byId.keys()),
        prevLeaf: leafRef.current,
      };
      pendingRef.current = p;
      setPending(p);
      setActionError(null);
      polls.current = 0;
      // an empty model lets the server use its default
      void sendMessage(
        {
          parts: [
            { type: 'text', text },
            ...attached.map((data) => ({ type: 'data-reference' as const, data })),
          ],
        },
        {
          body: {
            parentId,
            model: model || undefined,
            profile,
            image: image.settings,
          } satisfies TurnBody,
        },
      );
      return true;
    },
    [
      busy,
      canWrite,
      model,
      profile,
      advancedForm,
      imageModels.data,
      tree,
      setMessages,
      sendMessage,
    ],
  );

  const switchBranch = useCallback(
    (messageId: string, delta: -1 | 1) => {
      const row = tree.byId.get(messageId);
      if (!row || busy) return;
      const sibs = siblingsOf(tree, row);
      const target = sibs[sibs.findIndex((s) => s.id === row.id) + delta];
      if (!target) return;
      const leaf = newestLeaf(tree, target.id);
      setLeafId(leaf);
      setActionError(null);
      api(`/api/conversations/${encodeURIComponent(conversationId)}`, {
        method: 'PATCH',
        body: { activeLeafId: leaf },
      }).catch((err) => setActionError(errorMessage(err)));
    },
    [tree, busy, conversationId],
  );

  const onStop = useCallback(async () => {
    const [server] = await Promise.allSettled([
      api(`/api/chat/${encodeURIComponent(conversationId)}/stop`, { method: 'POST' }),
      stopClient(),
    ]);
    if (server.status === 'rejected') setActionError(errorMessage(server.reason));
    refreshRef.current();
  }, [conversationId, stopClient]);

  useShortcuts(
    {
      focus: () => document.querySelector<HTMLElement>('[data-testid="composer-input"]')?.focus(),
      profile: () => setProfile(profile === 'hd' ? 'draft' : 'hd'),
      stop: () => (busy ? void onStop() : false),
      gallery: () => router.push(`/c/${encodeURIComponent(conversationId)}/images`),
    },
    { page: true },
  );

  const shown = chat.messages;
  const modelList = models?.models ?? [];
  const lastAssistantIndex = shown.findLastIndex((m) => m.role === 'assistant');
  const chatError = chat.error ? errorMessage(chat.error) : null;

  function regenerate(assistant: MessageRow) {
    const user = assistant?.parentId ? tree.byId.get(assistant.parentId) : undefined;
    if (!user || user.role !== 'user') {
      setActionError('This reply cannot be regenerated.');
      return;
    }
    sendTurn(textOf(user.parts), user.parentId ?? null, attachmentsOf(user.parts));
  }

  function retryLast() {
    const user = tree.byId.get(shown[shown.length - 1]?.id ?? '');
    if (user?.role === 'user')
      sendTurn(textOf(user.parts), user.parentId ?? null, attachmentsOf(user.parts));
  }

  function sendNew(text: string): boolean {
    const attached = attachments.ready.map((r) => ({ id: r.id, name: r.name, kind: r.kind }));
    if (!sendTurn(text, branch.at(-1)?.id ?? null, attached)) return false;
    attachments.clear();
    return true;
  }

  return (
    <ReferenceOpener.Provider value={openReference}>
      <div className="flex h-full" data-testid="chat-session" data-conversation-id={conversationId}>
        <FileDropZone
          enabled={canWrite}
          onFiles={attachments.add}
          className="flex h-full min-w-0 flex-1 flex-col"
        >
          <ConversationHeader
            title={detail.conversation.title ?? ''}
            canWrite={detail.role !== 'viewer'}
            refCount={refCount}
            referencesOpen={showPanel}
            onToggleReferences={() => setPanel(!showPanel)}
            onOpenAudit={() => setAuditOpen(true)}
          >
            <ImagesLink conversationId={conversationId} />
            <ExportAction
              conversationId={conversationId}
              messages={detail.messages}
              references={refs.list?.references ?? null}
              approvedImages={
                Object.values(detail.reviews ?? {}).filter((r) => r.verdict === 'approved').length
              }
            />
          </ConversationHeader>
          {imported ? <ImportedBadge imported={imported} /> : null}

          <MessageScroller trigger={shown}>
            {shown.length === 0 ? (
              <div className="py-16 text-center text-sm text-neutral-500">
                <p className="font-medium text-neutral-700">No messages yet</p>
                <p className="mt-1">
                  Ask for an asset: a product shot, a poster, a banner with exact copy. Choose Draft
                  for speed or HD for the final.
                </p>
              </div>
            ) : null}
            {shown.map((m, i) => {
              const isLast = i === shown.length - 1;
              // a resumed stream may carry its own id; its metadata is on the branch's streaming row
              const tail = branch.at(-1);
              const row =
                tree.byId.get(m.id) ??
                (isLast &&
                m.role === 'assistant' &&
                tail?.role === 'assistant' &&
                tail.status === 'streaming'
                  ? tail
                  : undefined);
              if (m.role === 'user') {
                const sibs = row ? siblingsOf(tree, row) : [];
                return (
                  <UserMessage
                    key={m.id}
                    id={m.id}
                    text={textOf(m.parts)}
                    attachments={attachmentsOf(m.parts)}
                    settings={describeSettings(row?.imageSettings)}
                    status={row?.status ?? 'complete'}
                    branch={
                      sibs.length > 1
                        ? { index: sibs.findIndex((s) => s.id === m.id), count: sibs.length }
                        : undefined
                    }
                    canEdit={canWrite && Boolean(row)}
                    busy={busy}
                    onSwitch={(d) => switchBranch(m.id, d)}
                    onEdit={(text) =>
                      row && sendTurn(text, row.parentId ?? null, attachmentsOf(m.parts))
                    }
                  />
                );
              }
              if (m.role !== 'assistant') return null;
              const shownStatus: MessageStatus =
                busy && isLast
                  ? 'streaming'
                  : (row?.status ?? (status === 'error' && isLast ? 'error' : 'complete'));
              return (
                <AssistantMessage
                  key={m.id}
                  message={m}
                  model={badgeLabel(row?.modelId ?? pending?.model, modelList)}
                  profile={profileLabel(row?.profile ?? pending?.profile)}
                  status={shownStatus}
                  error={row?.error ?? null}
                  onRegenerate={
                    canWrite && isLast && i === lastAssistantIndex && !busy && row
                      ? () => regenerate(row)
                      : undefined
                  }
                />
              );
            })}
            {status === 'submitted' && shown.at(-1)?.role !== 'assistant' ? (
              <p
                data-testid="assistant-pending"
                className="text-sm text-neutral-400"
                aria-live="polite"
              >
                <span
                  className="mr-1.5 inline-block h-2 w-2 animate-pulse rounded-full bg-accent-400 align-middle"
                  aria-hidden
                />
                Working…
              </p>
            ) : null}
            {!busy &&
            !resuming &&
            canWrite &&
            shown.at(-1)?.role === 'user' &&
            tree.byId.has(shown.at(-1)!.id) ? (
              <div className="flex justify-start">
                <button
                  type="button"
                  data-testid="retry"
                  onClick={retryLast}
                  className="rounded px-1.5 py-0.5 text-xs text-neutral-500 hover:bg-neutral-100 hover:text-neutral-900"
                >
                  ↻ No reply yet. Send again
                </button>
              </div>
            ) : null}
          </MessageScroller>

          {/* Focus in the composer fetches the streaming client before the first send. */}
          <div
            className="border-t border-neutral-100 bg-white px-4 pt-3 pb-4 sm:px-6"
            onFocus={preloadChat}
          >
            <div className="mx-auto max-w-3xl space-y-2">
              {chatError || actionError ? (
                <div
                  role="alert"
                  data-testid="chat-error"
                  className="flex items-start gap-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700"
                >
                  <span className="flex-1">{actionError ?? chatError}</span>
                  <button
                    type="button"
                    aria-label="Dismiss"
                    className="text-red-500 hover:text-red-800"
                    onClick={() => {
                      setActionError(null);
                      chat.clearError();
                    }}
                  >
                    ✕
                  </button>
                </div>
              ) : null}
              {imported ? (
                <ReadOnlyNotice />
              ) : (
                <Composer
                  models={models ? modelList : null}
                  model={model}
                  onModel={setModel}
                  profile={profile}
                  onProfile={setProfile}
                  busy={busy}
                  disabled={!canWrite}
                  disabledReason="You have view-only access to this workspace"
                  onSend={sendNew}
                  onStop={() => void onStop()}
                  advanced={{
                    listing: imageModels.data,
                    listingError: imageModels.error,
                    form: advancedForm,
                    onForm: (f) => {
                      setAdvancedForm(f);
                      setAdvancedError(null);
                    },
                    error: advancedError,
                  }}
                  attachments={
                    canWrite
                      ? {
                          items: attachments.items,
                          uploading: attachments.uploading,
                          onAdd: attachments.add,
                          onRemove: attachments.remove,
                        }
                      : undefined
                  }
                />
              )}
            </div>
          </div>
        </FileDropZone>
        {showPanel ? (
          <ReferencesPanel
            references={refs.list?.references ?? null}
            error={refs.error}
            canWrite={canWrite}
            onChanged={refs.reload}
            onClose={() => setPanel(false)}
            onAdd={attachments.add}
          />
        ) : null}
      </div>
      {viewing ? (
        <ReferenceViewer id={viewing.id} place={viewing.place} onClose={closeViewer} />
      ) : null}
      {auditOpen ? <AuditTimeline conversationId={conversationId} onClose={closeAudit} /> : null}
    </ReferenceOpener.Provider>
  );
}
