import type { PostStore } from '../posts/index.js';
import type { Clock } from '../shared/index.js';
import type { TenantConfig } from '../tenant/index.js';
import { healthWorkersSections, readHealthWorkersPosts } from './housing-search.js';

/** What staff see of the equipment offered to health workers: by the hospital it is dropped at, and in all. */
export interface EquipmentTotals {
  hospitals: { id: string; name: string; offers: number; quantity: number }[];
  offers: number;
  quantity: number;
  /** False when the sections held more published posts than one reading takes. */
  complete: boolean;
}

/**
 * `GET /staff/health-workers/equipment`: the published equipment offers of the sections for health
 * workers, counted and summed by drop point (the tenant's hospitals, in its file's order). Read
 * from the posts as they are: a closed, expired or deleted offer no longer counts.
 */
export async function equipmentTotals(deps: { tenant: TenantConfig; store: PostStore; clock: Clock }): Promise<EquipmentTotals> {
  const { tenant } = deps;
  const byHospital = new Map(
    tenant.hospitals.map((hospital) => [hospital.id, { id: hospital.id, name: hospital.name, offers: 0, quantity: 0 }]),
  );
  const complete = await readHealthWorkersPosts(deps, healthWorkersSections(tenant), (post) => {
    const equipment = post.kind === 'offer' ? post.content?.equipment : undefined;
    const total = equipment ? byHospital.get(equipment.dropAt) : undefined;
    if (!equipment || !total) return;
    total.offers += 1;
    total.quantity += equipment.quantity;
  });
  const hospitals = [...byHospital.values()];
  return {
    hospitals,
    offers: hospitals.reduce((sum, hospital) => sum + hospital.offers, 0),
    quantity: hospitals.reduce((sum, hospital) => sum + hospital.quantity, 0),
    complete,
  };
}
