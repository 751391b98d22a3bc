/** Helper process for the kill test: saves a checkpoint of a growing step count forever, printing "saved" after each. */
import { saveCheckpoint } from '../../src/train/checkpoint.js';
import { trainConfig } from '../../src/train/config.js';
import { createTrainState, nextPosition } from '../../src/train/state.js';
import { tinyModel } from './fixtures.js';

const state = createTrainState(tinyModel(), trainConfig());
for (;;) {
  state.step += 1; // a skipped step: one batch further, no optimizer iteration
  state.skipped += 1;
  state.position = nextPosition(state.position, 5);
  await saveCheckpoint(process.argv[2], state);
  process.stdout.write('saved\n');
}
