// The benchmark's own workflows, bundled by its second worker from this file alone.
export { bareWorkflow } from './bare.workflow';
export { updateFloorWorkflow } from './update.workflow';
