import { AppLink } from './app-link';

/** The conversation header's way to its gallery. */
export function ImagesLink({ conversationId }: { conversationId: string }) {
  return (
    <AppLink
      href={`/c/${conversationId}/images`}
      data-testid="conversation-images"
      title="Every image of this conversation"
      className="rounded-md px-2 py-1 text-xs font-medium text-neutral-600 hover:bg-neutral-100"
    >
      Images
    </AppLink>
  );
}
