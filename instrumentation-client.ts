// Runs in the browser before any of the app's own modules (Next's instrumentation-client file).
// Zod compiles object schemas with `new Function` when it may; the page's Content-Security-Policy
// has no 'unsafe-eval', and even zod's try-and-catch probe for eval is reported as a violation.
// Interpreted parsing is plenty fast for forms. This must run before the first schema is built,
// which is why it is here and not beside the schemas: client components are loaded after it.
import { config } from "zod";

config({ jitless: true });
