import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities';
import { WORKFLOWS_PATH } from './workflow-bundle';

export interface WorkerSettings {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** Prebuilt bundle (tests build it once); otherwise the worker bundles WORKFLOWS_PATH. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  workflowsPath?: string;
  cacheSize?: number;
}

export async function createWorker(settings: WorkerSettings): Promise<Worker> {
  return Worker.create({
    connection: settings.connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    activities: settings.activities,
    ...(settings.cacheSize === undefined ? {} : { maxCachedWorkflows: settings.cacheSize }),
    ...(settings.workflowBundle ? { workflowBundle: settings.workflowBundle } : { workflowsPath: settings.workflowsPath ?? WORKFLOWS_PATH }),
  });
}
