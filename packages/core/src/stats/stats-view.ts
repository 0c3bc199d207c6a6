/** `GET /staff/stats`: the figures of a period, as staff read them (the site's figures page too). */
export interface StaffStats {
  from: string;
  to: string;
  posts: {
    created: number;
    byKind: Record<string, number>;
    byCategory: Record<string, number>;
    bySection: Record<string, number>;
    /** How many posts reached each status during the period (a post may count for several). */
    byStatus: Record<string, number>;
    closedBecause: Record<string, number>;
  };
  reports: number;
  connections: number;
  helpHappened: Record<string, number>;
  bouncedAddresses: number;
  /** Missions and volunteers: sign-ups by step (signed_up, confirmed, waiting, promoted, withdrawn, reminded), missions, orientations. */
  volunteering: {
    volunteers: number;
    byStep: Record<string, number>;
    missions: Record<string, number>;
    wishes: number;
    orientations: Record<string, number>;
  };
  /** The gallery: drawings sent, and how many reached each status (published, rejected, image_refused…). */
  drawings: { created: number; byStatus: Record<string, number> };
  /** Offers to health workers entered in the period: housing (offers, people it houses), equipment (offers, quantity, by hospital id). */
  healthWorkers: {
    housingOffers: number;
    housingCapacity: number;
    equipmentOffers: number;
    equipmentQuantity: number;
    equipmentByHospital: Record<string, number>;
  };
  perDay: { day: string; postsCreated: number; published: number; connections: number; reports: number }[];
}
