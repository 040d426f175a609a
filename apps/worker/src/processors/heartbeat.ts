import { hostname } from 'node:os';
import { repo, type Db } from '@stationdesk/db';

export interface HeartbeatDeps {
  db: Db;
  workerId: string;
  backend: string;
  startedAt: Date;
}

/** Marks this worker alive; the operator console lists workers seen in the last hour. */
export function heartbeat(deps: HeartbeatDeps) {
  return () =>
    repo.recordHeartbeat(deps.db, {
      id: deps.workerId,
      host: hostname(),
      pid: process.pid,
      backend: deps.backend,
      startedAt: deps.startedAt,
    });
}
