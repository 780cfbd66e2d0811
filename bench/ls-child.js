// Runs in a fresh process: parse + render + graph + select of a project, the
// work `floe ls` does, then prints timings and peak RSS as JSON.
// Usage: node bench/ls-child.js <projectDir> <repeats>
import { loadProject, buildGraph, selectNodes } from '../dist/transform/index.js';

const [projectDir, repeatsText = '1'] = process.argv.slice(2);
const times = [];
let count = 0;
for (let i = 0; i < Number(repeatsText); i++) {
  const started = performance.now();
  const project = await loadProject({ projectDir });
  const graph = buildGraph(project);
  count = selectNodes(project, graph, {}).length;
  times.push(performance.now() - started);
}
process.stdout.write(JSON.stringify({ coldMs: times[0], warmMs: Math.min(...times.slice(1).concat(times[0])), nodes: count, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
