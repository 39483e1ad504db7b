/** What route modules receive: configuration, the store, the services' context and observability. */
import type { Config } from '../config.js';
import type { Clock } from '../clock.js';
import type { Store } from '../store/database.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { ServiceContext } from '../services/context.js';

/** Dependencies shared by every route module. */
export interface AppContext {
  config: Config;
  store: Store;
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
  services: ServiceContext;
}
