/**
 * floe's alerts, as the chart renders them, checked and fired by Prometheus's
 * own `promtool` (Debian's `prometheus` package; .ci/run installs it): each
 * alert fires on series that should trip it, and stays quiet on ones that should not.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { find, render } from './rendered-charts.js';

const promtool = spawnSync('promtool', ['--version']).status === 0;
if (!promtool && process.env.CI === 'true') throw new Error('promtool is missing: .ci/run installs Debian\'s prometheus package');
if (!promtool) console.warn('alert-rules.test.ts: skipped, promtool is not installed (apt-get install prometheus)');

const directory = mkdtempSync(join(tmpdir(), 'floe-alerts-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function rulesFile(): string {
  const rule = find(render('floe-platform', 'staging', { namespace: 'floe-platform' }), 'PrometheusRule', 'floe-alerts') as unknown as { spec: { groups: unknown[] } };
  const path = join(directory, 'floe-alerts.yaml');
  writeFileSync(path, stringify({ groups: rule.spec.groups }));
  return path;
}

const ns = 'floe-platform';
const tests = {
  rule_files: ['floe-alerts.yaml'],
  evaluation_interval: '1m',
  tests: [
    {
      interval: '1m',
      input_series: [
        { series: `floe_runs_failed_total{namespace="${ns}",product="shop"}`, values: '0+1x70' },
        { series: 'floe_runs_failed_total{namespace="quiet",product="shop"}', values: '0+0x70' },
        { series: `floe_run_duration_seconds_bucket{namespace="${ns}",product="shop",le="3600"}`, values: '0+0x70' },
        { series: `floe_run_duration_seconds_bucket{namespace="${ns}",product="shop",le="7200"}`, values: '0+1x70' },
        { series: `floe_run_duration_seconds_bucket{namespace="${ns}",product="shop",le="+Inf"}`, values: '0+1x70' },
      ],
      alert_rule_test: [
        {
          eval_time: '65m',
          alertname: 'FloeRunsFailing',
          exp_alerts: [
            {
              exp_labels: { severity: 'warning', namespace: ns },
              exp_annotations: {
                summary: 'More than 5 floe runs failed in the last hour',
                description: `Runs keep failing in namespace ${ns}; see \`floe status\` and the run logs.`,
              },
            },
          ],
        },
        {
          eval_time: '70m',
          alertname: 'FloeRunDurationHigh',
          exp_alerts: [
            {
              exp_labels: { severity: 'warning', namespace: ns },
              exp_annotations: {
                summary: 'floe run duration p99 is above 3600 s',
                description: `Runs in namespace ${ns} take longer than usual: check the slowest nodes with \`floe status --run-id\`.`,
              },
            },
          ],
        },
      ],
    },
    {
      interval: '1m',
      input_series: [{ series: `floe_daemon_heartbeat_age_seconds{namespace="${ns}",pod="orchestrator-daemon-0"}`, values: '0+10x30' }],
      alert_rule_test: [
        { eval_time: '5m', alertname: 'FloeDaemonHeartbeatStale', exp_alerts: [] },
        {
          eval_time: '10m',
          alertname: 'FloeDaemonHeartbeatStale',
          exp_alerts: [
            {
              exp_labels: { severity: 'warning', namespace: ns },
              exp_annotations: {
                summary: 'The floe daemon has not heart-beaten for over 60 s',
                description: 'No schedules, sensors or run launches happen while the daemon is down; check the orchestrator-daemon pods.',
              },
            },
          ],
        },
        { eval_time: '14m', alertname: 'FloeDaemonHeartbeatCritical', exp_alerts: [] },
        {
          eval_time: '20m',
          alertname: 'FloeDaemonHeartbeatCritical',
          exp_alerts: [
            {
              exp_labels: { severity: 'critical', namespace: ns },
              exp_annotations: {
                summary: 'The floe daemon has been silent for over 120 s',
                description: `No runs are being launched in namespace ${ns}; check the orchestrator-daemon pods and their logs.`,
              },
            },
          ],
        },
      ],
    },
    {
      interval: '1m',
      input_series: [
        { series: `container_memory_working_set_bytes{namespace="${ns}",pod="orchestrator-webserver-1",container="webserver"}`, values: '950x15' },
        { series: `kube_pod_container_resource_limits{namespace="${ns}",pod="orchestrator-webserver-1",container="webserver",resource="memory"}`, values: '1000x15' },
        { series: `container_memory_working_set_bytes{namespace="${ns}",pod="marquez-1",container="marquez"}`, values: '500x15' },
        { series: `kube_pod_container_resource_limits{namespace="${ns}",pod="marquez-1",container="marquez",resource="memory"}`, values: '1000x15' },
      ],
      alert_rule_test: [
        {
          eval_time: '10m',
          alertname: 'FloeContainerMemoryHigh',
          exp_alerts: [
            {
              exp_labels: { severity: 'warning', namespace: ns, pod: 'orchestrator-webserver-1', container: 'webserver' },
              exp_annotations: {
                summary: 'A floe container uses over 90% of its memory limit',
                description: 'Container webserver of pod orchestrator-webserver-1 is near its memory limit and may be OOM-killed.',
              },
            },
          ],
        },
      ],
    },
  ],
};

describe.skipIf(!promtool)('floe alert rules (promtool)', () => {
  it('pass `promtool check rules`', () => {
    const result = spawnSync('promtool', ['check', 'rules', rulesFile()], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toMatch(/SUCCESS: 5 rules found/);
    expect(result.status).toBe(0);
  });

  it('fire each alert on series that should trip it, and only then (`promtool test rules`)', () => {
    rulesFile();
    const testPath = join(directory, 'floe-alerts.test.yaml');
    writeFileSync(testPath, stringify(tests));
    const result = spawnSync('promtool', ['test', 'rules', testPath], { encoding: 'utf8', cwd: directory });
    expect(result.stdout + result.stderr).toMatch(/SUCCESS/);
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});
