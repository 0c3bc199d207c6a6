import { eraseEndedRecognitions } from '@entraide/core';

/** Health workers' recognitions ended (12 months after their last change) or being erased by their resident: erased. */
export const recognitionsJob = eraseEndedRecognitions;
