"use client";
import { createContext, useContext } from "react";

// The page's CSP nonce (proxy.ts), for the few inline scripts client components server-render
// (LocalTime's). It travels in the page's RSC payload, which is no worse than the HTML it already
// sits in: browsers hide the nonce attribute from CSS selectors, and script text is not selectable
// either. On client renders those scripts are inert (type="text/plain"), so the value only matters
// in the server's HTML.
const NonceContext = createContext<string | undefined>(undefined);

export function NonceProvider({ nonce, children }: { nonce: string | undefined; children: React.ReactNode }) {
  return <NonceContext.Provider value={nonce}>{children}</NonceContext.Provider>;
}

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
