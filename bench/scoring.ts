/**
 * bench/scoring: inherent scoring is a pure function; this prints assessments scored per second on one
 * core (this process), for the default model and for NIST PRAM, on the parking-app answers.
 *
 *   npm run bench:scoring     (BENCH_ITERATIONS=200000 by default)
 */
import { resolve } from 'node:path';
import type { DataElement } from '../src/assessments/inventory/data-element';
import { loadRiskModels } from '../src/risk/model/risk-model-loader';
import { scoreInherent } from '../src/risk/scoring/scoring';
import { PARKING_APP_ANSWERS } from '../test/fixtures/city-pia-answers';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200_000);

async function main() {
  const models = await loadRiskModels(resolve(process.cwd(), 'templates/risk-models'));
  const context = { answers: PARKING_APP_ANSWERS, inventory: PARKING_APP_ANSWERS.data_inventory as DataElement[] };
  for (const model of models) {
    for (let i = 0; i < 5_000; i++) scoreInherent(model, context); // warm-up
    let checksum = 0;
    const started = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i++) checksum += scoreInherent(model, context).risks[0].score;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      `${model.id} v${model.version}: ${Math.round(ITERATIONS / seconds).toLocaleString('en-US')} assessments scored/s (${model.risks.length} risks, ${model.factors.length} factors; ${ITERATIONS} runs in ${seconds.toFixed(2)} s; checksum ${checksum})`,
    );
  }
}

void main();
