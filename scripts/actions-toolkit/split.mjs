// Reads a JSON array of action input values on stdin and prints a JSON
// array with, for each, the items docker/build-push-action passes to Buildx
// for cache-from / cache-to ({"items": [...]}) or the reader's error
// ({"error": "CODE"}). It uses the real @docker/actions-toolkit: the input is
// set as INPUT_CACHE-FROM, as the runner does, and read with
// Util.getInputList('cache-from', {ignoreComma: true}).
import { Util } from '@docker/actions-toolkit/lib/util.js';

let data = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) data += chunk;
const out = [];
for (const value of JSON.parse(data)) {
  process.env['INPUT_CACHE-FROM'] = value;
  try {
    out.push({ items: Util.getInputList('cache-from', { ignoreComma: true }) });
  } catch (e) {
    out.push({ error: e.code || String(e) });
  }
}
process.stdout.write(JSON.stringify(out));
