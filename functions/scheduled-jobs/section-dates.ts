// What every job runs first, in a chunk of its own: the module of core it needs and nothing else of core.
export { sectionDatesService } from '@entraide/core';
