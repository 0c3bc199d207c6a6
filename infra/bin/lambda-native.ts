import { fileURLToPath } from 'node:url';
import { lambdaNativeModules } from '../lib/native-modules.js';

// The root's postinstall: sharp for Lambda's linux-arm64 beside this machine's, so a synth needs no network.
console.log(`Lambda's native modules (linux-arm64): ${lambdaNativeModules(fileURLToPath(new URL('../..', import.meta.url)))}`);
