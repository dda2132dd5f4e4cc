// Test processes log the SDK's warnings and errors only: its info lines (worker state changes,
// bundler statistics) would bury the test report.
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Installed already in this process by an earlier file: keep that one.
}
