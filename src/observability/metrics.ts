/** Prometheus metrics (prom-client), one registry per app so tests can run several apps. */
import { Registry, collectDefaultMetrics, Histogram, Counter, Gauge } from 'prom-client';

/** The metrics payport exposes at /metrics. */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  notifications: Counter<'channel' | 'outcome'>;
  statusChecks: Counter<'outcome'>;
  reconciliationBacklog: Gauge;
  eventDeliveries: Counter<'result'>;
  ledgerDiscrepancies: Counter;
}

/** Creates a registry with process metrics and payport's own. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'payport_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    notifications: new Counter({
      name: 'payport_notifications_total',
      help: 'Inbound provider messages by channel and outcome',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    }),
    statusChecks: new Counter({
      name: 'payport_status_checks_total',
      help: 'Reconciliation status checks by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    reconciliationBacklog: new Gauge({
      name: 'payport_reconciliation_backlog',
      help: 'Transactions whose outcome is open and due for a status check',
      registers: [registry],
    }),
    eventDeliveries: new Counter({
      name: 'payport_event_deliveries_total',
      help: 'Event delivery attempts by result',
      labelNames: ['result'],
      registers: [registry],
    }),
    ledgerDiscrepancies: new Counter({
      name: 'payport_ledger_discrepancies_total',
      help: "Differences found between a payment's ledger and the provider's books after a status check",
      registers: [registry],
    }),
  };
}
