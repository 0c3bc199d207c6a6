import type { DrawingRefusal, StoredDrawingImages } from './drawing-processing.js';

/**
 * What is written of a drawing. `pending_verification` until the parent opens the mailed link,
 * which processes the upload: then `pending_moderation` always (whatever the tenant's setting for
 * posts), or `image_refused` (the file was not an image we take: nothing of it is kept). Staff
 * publish or reject; the parent deletes.
 */
export type DrawingStatus =
  | 'pending_verification'
  | 'pending_moderation'
  | 'published'
  | 'hidden'
  | 'rejected'
  | 'image_refused'
  | 'deleted';

/** What the parent wrote: erased (null) when the drawing is deleted, rejected or its image refused. */
export interface DrawingContent {
  childFirstName?: string;
  childAge?: number;
  message?: string;
  /** The address the link went to: never shown, but to staff's administrators. */
  parentEmail: string;
  language: 'fr' | 'en';
}

export interface DrawingRecord {
  tenantId: string;
  id: string;
  section: string;
  status: DrawingStatus;
  content: DrawingContent | null;
  /** The words the parent agreed to, as shown, and when: kept as long as the drawing is. */
  consent: { words: string; givenAt: string } | null;
  /** sha256 of the parent's secret token (the token is only in the parent's mailbox). */
  tokenHash: string | null;
  /** The upload's id in the tenant's uploads (`uploadObjectKey`). */
  uploadId: string;
  /**
   * The random folder of the drawing's images, chosen before processing starts: a processing
   * interrupted after storing the images is found again by the next verification (the repair).
   */
  imageSecret?: string;
  images?: StoredDrawingImages;
  imageRefusal?: DrawingRefusal;
  createdAt: string;
  updatedAt: string;
  publishedAt?: string;
  moderationReason?: string;
  version: number;
}

/** An unverified drawing's link lasts a day: the bucket's lifecycle removes an upload nothing processed after a day. */
export const drawingVerificationHours = 24;

/** Where the site serves a drawing's images: the key itself (`gallery/…`) on the site's origin, CloudFront's behaviour for the bucket. */
export const galleryImagePath = (key: string): string => `/${key.split('/').map(encodeURIComponent).join('/')}`;

/** The alt text: the parent's message, or "Dessin de {prénom}, {âge} ans". */
export function drawingAltText(content: Pick<DrawingContent, 'childFirstName' | 'childAge' | 'message'>): { fr: string; en: string } {
  if (content.message) return { fr: content.message, en: content.message };
  const name = content.childFirstName;
  const age = content.childAge;
  return {
    fr: `Dessin${name ? ` de ${name}` : ' d’un enfant'}${age ? `, ${age} ans` : ''}`,
    en: `Drawing${name ? ` by ${name}` : ' by a child'}${age ? `, aged ${age}` : ''}`,
  };
}

/** What anyone sees of a published drawing: never the parent's address, never the upload. */
export interface PublicDrawing {
  id: string;
  section: string;
  childFirstName?: string;
  childAge?: number;
  message?: string;
  alt: { fr: string; en: string };
  image: { url: string; width?: number; height?: number };
  thumbnail: { url: string };
  publishedAt: string;
}

export function toPublicDrawing(drawing: DrawingRecord): PublicDrawing {
  const { content, images } = drawing;
  if (!content || !images) throw new Error(`drawing ${drawing.id} has no content or no images`);
  return {
    id: drawing.id,
    section: drawing.section,
    ...(content.childFirstName ? { childFirstName: content.childFirstName } : {}),
    ...(content.childAge ? { childAge: content.childAge } : {}),
    ...(content.message ? { message: content.message } : {}),
    alt: drawingAltText(content),
    image: {
      url: galleryImagePath(images.displayKey),
      ...(images.width ? { width: images.width } : {}),
      ...(images.height ? { height: images.height } : {}),
    },
    thumbnail: { url: galleryImagePath(images.thumbnailKey) },
    publishedAt: drawing.publishedAt ?? drawing.createdAt,
  };
}

/** Staff see the drawing before it is public, the message, the consent's words; the parent's address for administrators only. */
export interface StaffDrawingView extends Omit<PublicDrawing, 'publishedAt'> {
  status: DrawingStatus;
  consent: { words: string; givenAt: string } | null;
  parentEmail: string;
  createdAt: string;
  publishedAt?: string;
  moderationReason?: string;
}

export function toStaffDrawing(drawing: DrawingRecord, role: 'staff' | 'admin'): StaffDrawingView {
  const { publishedAt: _publishedAt, ...view } = toPublicDrawing(drawing);
  return {
    ...view,
    status: drawing.status,
    consent: drawing.consent,
    parentEmail: role === 'admin' ? drawing.content!.parentEmail : '',
    createdAt: drawing.createdAt,
    ...(drawing.publishedAt ? { publishedAt: drawing.publishedAt } : {}),
    ...(drawing.moderationReason ? { moderationReason: drawing.moderationReason } : {}),
  };
}

/** Every object key a drawing may have: its upload and its images. */
export const drawingObjectKeys = (drawing: DrawingRecord, uploadKey: string): string[] =>
  [uploadKey, drawing.images?.displayKey, drawing.images?.thumbnailKey].filter((key): key is string => key !== undefined);
