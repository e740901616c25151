import { useSyncExternalStore } from "react";

const subscribeNothing = () => () => {};

/** False during the server render and hydration, true after: for text only the browser can write (its time zone). */
export function useIsClient(): boolean {
  return useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
}
