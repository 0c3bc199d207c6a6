/**
 * jest's own order (test/support is where the run's machinery lives), with one change for a run
 * that has no timings yet — a fresh clone, or files never run here. jest then orders the untimed
 * files by size, which put the suites that wait longest (on child processes, the second synth,
 * esbuild) near the end of a fresh run, where one of them ran alone while the other core idled.
 * Untimed files start here in this order instead: the suites of test/local and test/bench (child
 * processes), those of test/api (a platform each), the other integration suites (test/infra waits
 * for the run's synth, ready by then), and the unit suites last, short, to fill the end. Timed
 * files keep jest's order (failed first, then longest first).
 */
const { default: Sequencer } = require('@jest/test-sequencer');

const untimedOrder = [/[/\\]test[/\\](local|bench)[/\\]/, /[/\\]test[/\\]api[/\\]/, /[/\\]test[/\\]/, /\.integration\.test\.ts$/];
const rank = (path) => {
  const index = untimedOrder.findIndex((pattern) => pattern.test(path));
  return index === -1 ? untimedOrder.length : index;
};

class HouseSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const failed = sorted.filter((test) => this.hasFailed(test));
    const untimed = sorted.filter((test) => test.duration == null && !failed.includes(test));
    const timed = sorted.filter((test) => test.duration != null && !failed.includes(test));
    // Array.prototype.sort is stable: within a rank, jest's order (the largest file first).
    return [...failed, ...untimed.sort((a, b) => rank(a.path) - rank(b.path)), ...timed];
  }
}

module.exports = HouseSequencer;
