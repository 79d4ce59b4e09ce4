// Runs before every test file: choose the backend once (AEVB_BACKEND overrides) and keep quiet.
import { initBackend, setBackendReporter } from '@aevb/core';

setBackendReporter(() => {});
await initBackend();
