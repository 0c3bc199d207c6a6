import { toPublicPost, type PostRecord, type PublicPost } from '../posts/index.js';
import type { NearbyEntry } from './ports.js';

/** What the geographic index holds for a published post: its public view (no email, no exact point), whole. */
export function nearbyEntryOf(post: PostRecord): NearbyEntry {
  const { id, ...view } = toPublicPost(post);
  return { postId: id, ...view, full: true };
}

/** The public view an entry carries (whole only if `entry.full`). */
export function publicPostOfEntry(entry: NearbyEntry): PublicPost {
  const { postId, full: _full, ...view } = entry;
  return { id: postId, ...view };
}
