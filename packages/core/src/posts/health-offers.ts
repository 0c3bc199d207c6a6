import { distanceKm, type LatLon } from '../geo/index.js';
import { invalidInput } from '../shared/index.js';
import { dayIn, findSection, tenantTimeZone, type TenantConfig } from '../tenant/index.js';
import type { EquipmentDetails, HousingDetails, PostRecord } from './post-record.js';
import type { EquipmentInput, HousingInput } from './post-schemas.js';
import type { PostKind } from '../tenant/index.js';

/** Whether posts of `sectionId` are for health workers (a section with `audience: health_workers`). */
export const isHealthWorkersSection = (tenant: Pick<TenantConfig, 'sections'>, sectionId: string | undefined): boolean =>
  sectionId !== undefined && findSection(tenant, sectionId)?.audience === 'health_workers';

/**
 * How far an exact point is from each of the tenant's hospitals, rounded **up to the whole
 * kilometre** (never below 1): the distances are public, and three of them to the tenant's
 * hospitals at a finer step would place the exact point more closely than the public point's blur
 * (500 m to 1 km) hides it. A search compares its radius with these same rounded figures, so no
 * radius asked can learn a finer distance either.
 */
export function hospitalDistancesKm(tenant: Pick<TenantConfig, 'hospitals'>, exact: LatLon): Record<string, number> {
  return Object.fromEntries(
    tenant.hospitals.map((hospital) => [hospital.id, Math.max(1, Math.ceil(distanceKm(exact, hospital.point) - 1e-9))]),
  );
}

/**
 * What an offer in a section for health workers carries besides a post's fields, checked against the
 * tenant and the day: housing (free from today on) or equipment (dropped at one of its hospitals),
 * only on an offer in such a section, never both. 400 naming the field, else the stored parts.
 */
export function healthOfferDetails(
  tenant: TenantConfig,
  offer: { kind: PostKind; section?: string | undefined; location: LatLon; housing?: HousingInput; equipment?: EquipmentInput },
  now: Date,
  /** False when the housing's days are those already stored (an edit of something else): a day now past stays. */
  daysGiven = true,
): { housing?: HousingDetails; equipment?: EquipmentDetails } {
  const { housing, equipment } = offer;
  if (!housing && !equipment) return {};
  const field = housing ? 'housing' : 'equipment';
  if (!isHealthWorkersSection(tenant, offer.section)) {
    throw invalidInput([{ path: field, message: 'only for an offer in a section for health workers' }]);
  }
  if (offer.kind !== 'offer') throw invalidInput([{ path: 'kind', message: `${field} goes with an offer, not a request` }]);
  if (housing && equipment) throw invalidInput([{ path: 'equipment', message: 'a housing offer or equipment, not both in one post' }]);
  if (housing) {
    const today = dayIn(tenantTimeZone(tenant), now);
    if (daysGiven && housing.availableFrom < today) {
      throw invalidInput([{ path: 'housing.availableFrom', message: `must not be in the past (today is ${today})` }]);
    }
    return { housing: { ...housing, hospitalDistancesKm: hospitalDistancesKm(tenant, offer.location) } };
  }
  if (!tenant.hospitals.some((hospital) => hospital.id === equipment!.dropAt)) {
    throw invalidInput([
      { path: 'equipment.dropAt', message: `one of the hospitals: ${tenant.hospitals.map((hospital) => hospital.id).join(', ')}` },
    ]);
  }
  return { equipment: equipment! };
}

/** A stored housing offer's input again (its distances dropped): what an edit starts from. */
export const housingInputOf = ({ hospitalDistancesKm: _distances, ...input }: HousingDetails): HousingInput => input;

/**
 * A post after an edit, its health offer's parts measured again: the distances follow a moved
 * point, a new housing input replaces the stored one (its days checked), and a post moved out of
 * a section for health workers, or a request, cannot keep them (400 naming the field).
 */
export function withHealthOfferEdited(
  tenant: TenantConfig,
  edited: PostRecord,
  housingEdit: HousingInput | undefined,
  now: Date,
): PostRecord {
  const content = edited.content!;
  const stored = content.housing ? housingInputOf(content.housing) : undefined;
  const housing = housingEdit ?? stored;
  if (!housing && !content.equipment) return edited;
  const { housing: _housing, equipment: _equipment, ...rest } = content;
  const details = healthOfferDetails(
    tenant,
    {
      kind: edited.kind,
      section: edited.section,
      location: content.location,
      ...(housing ? { housing } : {}),
      ...(content.equipment ? { equipment: content.equipment } : {}),
    },
    now,
    housingEdit !== undefined,
  );
  return { ...edited, content: { ...rest, ...details } };
}
