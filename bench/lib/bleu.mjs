// Corpus BLEU (sacreBLEU defaults) of a hypothesis file, by the project's scorer `mobilenmt bleu`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cli } from './paths.mjs';

export function bleu(hypothesisFile, referenceFile) {
  const out = execFileSync(cli, ['bleu', '--ref', referenceFile, '--score-only'], { input: readFileSync(hypothesisFile), encoding: 'utf8' });
  return Number(out.trim());
}
