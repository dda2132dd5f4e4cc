// Workflows that exercise the platform itself (timers, updates, activities), not the product.
export * from './long-sleep.workflow';
export * from './counter.workflow';
export * from './send-email.workflow';
export * from './continue-once.workflow';
